using System.Net;
using Dashboard.Web.Security;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests.Security;

/// <summary>The hub's invocation limit per connection and its <c>Origin</c> check (issue 5).</summary>
public sealed class HubProtectionTests : IDisposable
{
    private const string Negotiate = "/hubs/metrics/negotiate?negotiateVersion=1";

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_connection_invoking_more_than_its_limit_is_refused_with_a_message_until_the_period_refills()
    {
        // Arrange: the clock stands still unless the test moves it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = _directory.StartApp(services => services.AddSingleton<TimeProvider>(clock));
        await using var hub = await HubTestClient.ConnectAsync(app);
        var limits = new RateLimitOptions();
        for (var i = 0; i < limits.HubInvocations; i++)
        {
            await hub.InvokeAsync("Unsubscribe", "t-d");
        }

        // Act
        var refusal = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", "t-d"));
        clock.Advance(TimeSpan.FromSeconds(limits.HubPeriodSeconds));
        var snapshot = await hub.InvokeAsync("Subscribe", "t-d");

        // Assert
        Assert.Contains("调用过于频繁", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("t-d", snapshot.GetProperty("unitId").GetString());
    }

    [Fact]
    public async Task A_page_of_a_foreign_origin_is_refused_403_before_the_websocket_upgrade()
    {
        // Arrange
        await using var app = _directory.StartApp();
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Origin = "https://evil.example";

        // Act
        var refusal = await Assert.ThrowsAnyAsync<InvalidOperationException>(
            () => client.ConnectAsync(new Uri("ws://localhost/hubs/metrics"), CancellationToken.None));

        // Assert
        Assert.Contains("403", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost.evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    [InlineData("https://wall.example.cn", HttpStatusCode.OK)]
    public async Task The_hub_accepts_its_own_origin_and_the_configured_ones_only(string origin, HttpStatusCode expected)
    {
        // Arrange
        await using var app = _directory.StartApp(settings: new Dictionary<string, string> { ["Security:AllowedOrigins:0"] = "https://wall.example.cn" });
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Negotiate);
        request.Headers.Add("Origin", origin);

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        if (expected == HttpStatusCode.Forbidden)
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }
        else
        {
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Fact]
    public void A_client_without_origin_is_not_a_browser_and_passes()
    {
        var request = new DefaultHttpContext().Request;
        request.Host = new HostString("localhost", 5000);

        Assert.True(HubOriginCheck.IsAllowed(request, []));
        request.Headers.Origin = "http://localhost:5000";
        Assert.True(HubOriginCheck.IsAllowed(request, []));
        request.Headers.Origin = "http://localhost:5001";
        Assert.False(HubOriginCheck.IsAllowed(request, []));
    }

    public void Dispose() => _directory.Dispose();
}

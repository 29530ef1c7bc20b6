using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Dashboard.Web.Accounts;
using Dashboard.Web.Security;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Dashboard.Web.Tests.Security;

/// <summary>Rate limits per identity: one identity's flood is refused with 429 while the others are served (issue 5).</summary>
public sealed class RateLimitTests : IDisposable
{
    private const int Bucket = 5;

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_flood_from_one_address_is_refused_with_429_and_retry_after_while_another_address_is_served()
    {
        // Arrange
        await using var app = StartWithSmallBuckets();

        // Act: more requests than the bucket holds, until the first refusal.
        HttpContext? refused = null;
        for (var sent = 0; sent < 100 && refused is null; sent++)
        {
            var answer = await GetAsync(app.Server, "10.0.0.1", "/healthz");
            refused = answer.Response.StatusCode == StatusCodes.Status429TooManyRequests ? answer : null;
        }

        var other = await GetAsync(app.Server, "10.0.0.2", "/healthz");

        // Assert
        Assert.NotNull(refused);
        Assert.True(int.TryParse(refused.Response.Headers.RetryAfter, out var retryAfter) && retryAfter >= 1, $"Retry-After: {refused.Response.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", refused.Response.ContentType);
        var problem = await JsonDocument.ParseAsync(refused.Response.Body);
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("请求过于频繁", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(StatusCodes.Status200OK, other.Response.StatusCode);
    }

    [Fact]
    public async Task A_flood_from_one_token_is_refused_with_429_while_another_token_is_served()
    {
        // Arrange
        await using var app = StartWithSmallBuckets();
        using var flooding = app.CreateClientFor(await app.CreateAccountWithTokenAsync("w-flood", Roles.Worker, workerId: "t-w1"));
        using var other = app.CreateClientFor(await app.CreateAccountWithTokenAsync("w-other", Roles.Worker, workerId: "t-w2"));

        // Act
        HttpResponseMessage? refused = null;
        for (var sent = 0; sent < 100 && refused is null; sent++)
        {
            var response = await flooding.GetAsync("/api/units");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var served = await other.GetAsync("/api/units");

        // Assert
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        refused.Dispose();
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task The_administrator_token_from_configuration_is_never_refused()
    {
        // Arrange
        await using var app = StartWithSmallBuckets();
        using var admin = app.CreateClient();

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var sent = 0; sent < 4 * Bucket; sent++)
        {
            using var response = await admin.GetAsync("/api/units");
            statuses.Add(response.StatusCode);
        }

        // Assert
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public void A_request_draws_from_its_credential_else_its_account_else_its_address()
    {
        var byCredential = Request(new Claim(ClaimTypes.NameIdentifier, "w00001"), new Claim(GridPulseClaims.Credential, "c1"));
        var byAccount = Request(new Claim(ClaimTypes.NameIdentifier, "w00001"));
        var anonymous = Request();

        Assert.Equal(("credential", "c1"), IdentityRateLimit.PartitionOf(byCredential));
        Assert.Equal(("account", "w00001"), IdentityRateLimit.PartitionOf(byAccount));
        Assert.Equal(("address", "10.0.0.9"), IdentityRateLimit.PartitionOf(anonymous));
    }

    [Fact]
    public void The_administrator_token_from_configuration_draws_from_no_bucket()
    {
        var admin = Request(new Claim(ClaimTypes.NameIdentifier, "admin"), new Claim(GridPulseClaims.Credential, AccountStore.AdminTokenCredentialId));

        Assert.Equal(("exempt", AccountStore.AdminTokenCredentialId), IdentityRateLimit.PartitionOf(admin));
    }

    public void Dispose() => _directory.Dispose();

    // A bucket of a few requests that refills at one a second: a loop of requests empties it long before.
    private GridPulseApp StartWithSmallBuckets() => _directory.StartApp(settings: new Dictionary<string, string>
    {
        ["RateLimits:TokenLimit"] = Bucket.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:TokensPerSecond"] = "1",
    });

    private static DefaultHttpContext Request(params Claim[] claims)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.9");
        if (claims.Length > 0)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "test"));
        }

        return context;
    }

    // The test server has no sockets: the remote address is set on the request itself.
    private static Task<HttpContext> GetAsync(TestServer server, string remoteAddress, string path) =>
        server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = path;
            context.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
        });
}

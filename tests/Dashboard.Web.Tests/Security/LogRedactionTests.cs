using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Dashboard.Web.Accounts;
using Dashboard.Web.Security;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Security;

/// <summary>No token, display link, sign-in link or admin token reaches the logs, whatever logs the request's address (issue 5).</summary>
public sealed class LogRedactionTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task No_secret_issued_or_used_in_headers_addresses_or_the_hubs_query_appears_in_any_log_line()
    {
        // Arrange: every category at its most talkative level.
        var logs = new CapturedLogs();
        await using var app = _directory.StartApp(
            services => services.AddSingleton<ILoggerProvider>(logs),
            new Dictionary<string, string>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            });
        using var admin = app.CreateClient();

        // Act: issue a token, a display link and a sign-in link through the API, and use each; use unknown ones too.
        await app.Accounts.CreateAsync(new NewAccount("wall-d", "区大屏", Roles.Display, "t-d", null, null));
        await app.Accounts.CreateAsync(new NewAccount("leader-s1", "街道书记", Roles.Leader, "t-s1", null, null));
        var token = (await PostForAsync(admin, "/api/accounts/wall-d/tokens")).GetProperty("secret").GetString()!;
        var displayLink = new Uri((await PostForAsync(admin, "/api/accounts/wall-d/display-links")).GetProperty("url").GetString()!);
        var signInLink = new Uri((await PostForAsync(admin, "/api/accounts/leader-s1/sign-in-links")).GetProperty("url").GetString()!);
        var unknown = new[] { Secret("gpt_"), Secret("gpd_"), Secret("gpl_") };

        using (var display = app.CreateAnonymousClient())
        {
            (await display.GetAsync(displayLink.PathAndQuery)).Dispose();
            (await display.GetAsync($"/display/{unknown[1]}")).Dispose();
        }

        using (var leader = app.CreateAnonymousClient())
        {
            (await leader.GetAsync(signInLink.PathAndQuery)).Dispose();
            (await leader.GetAsync(signInLink.PathAndQuery)).Dispose();
            (await leader.GetAsync($"/signin/link/{unknown[2]}")).Dispose();
        }

        foreach (var secret in new[] { token, unknown[0] })
        {
            using var bearer = app.CreateClientFor(secret);
            (await bearer.GetAsync("/api/units/t-d/metrics")).Dispose();
            (await bearer.PostAsync($"/hubs/metrics/negotiate?negotiateVersion=1&access_token={secret}", null)).Dispose();
        }

        await using (var hub = await HubTestClient.ConnectAsync(app, token))
        {
            await hub.InvokeAsync("Subscribe", "t-d");
        }

        await using (var hub = await HubTestClient.ConnectAsync(app))
        {
            await hub.InvokeAsync("Subscribe", "t-d");
        }

        await Assert.ThrowsAnyAsync<Exception>(() => HubTestClient.ConnectAsync(app, unknown[0]));

        // Assert: the requests were logged, with their addresses, but not the secrets in them.
        string[] secrets = [token, Last(displayLink), Last(signInLink), app.AdminToken, .. unknown];
        var lines = logs.Lines.ToList();
        foreach (var secret in secrets)
        {
            var leaks = lines.Where(line => line.Contains(secret[4..], StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"{secret[..4]}… appears in {leaks.Count} log lines, such as:\n{string.Join('\n', leaks.Take(3))}");
        }

        Assert.Contains(lines, line => line.Contains("/display/gpd_" + SecretRedaction.Mask, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("/signin/link/gpl_" + SecretRedaction.Mask, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("access_token=" + SecretRedaction.Mask, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET http://host/hubs/metrics?id=x&access_token=gpt_abc-DEF_123&v=1", "GET http://host/hubs/metrics?id=x&access_token=***&v=1")]
    [InlineData("/display/gpd_AbC123-_xyz done", "/display/gpd_*** done")]
    [InlineData("link http://host/signin/link/gpl_q1w2e3", "link http://host/signin/link/gpl_***")]
    [InlineData("no secret in /api/units/gpt", "no secret in /api/units/gpt")]
    public void Secrets_are_masked_and_the_rest_of_the_text_is_kept(string text, string expected) =>
        Assert.Equal(expected, SecretRedaction.Redact(text));

    public void Dispose() => _directory.Dispose();

    private static async Task<JsonElement> PostForAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static string Last(Uri link) => link.Segments[^1];

    private static string Secret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

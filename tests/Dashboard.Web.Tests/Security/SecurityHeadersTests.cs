using System.Net;
using Dashboard.Web.Security;
using Dashboard.Web.Tests.Apis;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Storage;

namespace Dashboard.Web.Tests.Security;

/// <summary>Every answer carries the browser protections: CSP without inline script, nosniff, no referrer, no framing (issue 5).</summary>
public sealed class SecurityHeadersTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.Client;

    [Theory]
    [InlineData("/report")]
    [InlineData("/js/app.js")]
    [InlineData("/healthz")]
    [InlineData("/api/nothing")]
    public async Task A_page_a_static_file_and_an_api_answer_carry_the_security_headers(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(", ", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(", ", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", string.Join(", ", response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public void The_content_security_policy_allows_no_inline_script_or_style_and_no_framing()
    {
        var directives = SecurityHeaders.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries)
            .ToDictionary(directive => directive.Split(' ')[0], directive => directive[(directive.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["style-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.DoesNotContain("unsafe", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_written_after_an_error_carries_the_security_headers()
    {
        using var directory = new TestDirectory();
        await using var failing = directory.StartApp(services => services.AddSingleton<IEventLog>(new UnreachableEventLog()));
        using var client = failing.CreateClient();

        using var response = await client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("v")));

        await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
    }
}

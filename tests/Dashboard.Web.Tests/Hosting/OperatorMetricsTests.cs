using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>
/// The meters exported at /metrics in Prometheus text. The meters of every app in this test process share their
/// names, so these tests run alone, after the others, and each counts exactly what its own app did.
/// </summary>
[Collection(OperatorMetricsDefinition.Name)]
public sealed class OperatorMetricsTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task An_administrators_scrape_counts_the_writes_made_before_it()
    {
        // Arrange: with Orleans' diagnostics on, so that its meter is exported too.
        await using var app = _directory.StartApp(settings: new Dictionary<string, string> { ["Operations:OrleansDiagnostics"] = "true" });
        using var admin = app.CreateClient();
        await using var wall = await HubTestClient.ConnectAsync(app);
        await wall.InvokeAsync("Subscribe", "t-d");
        var first = Api.Visit(Api.UniqueId("r"));
        foreach (var visit in new[] { first, Api.Visit(Api.UniqueId("r")), Api.Visit(Api.UniqueId("r")) })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostJsonAsync("/api/reports", visit)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/api/reports", first)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("r")).Patched("""{"gridId":null}"""))).StatusCode);
        var batch = new JsonArray(Api.Visit(Api.UniqueId("b")), Api.Visit(Api.UniqueId("b")), Api.Visit(Api.UniqueId("b")).Patched("""{"kind":"party"}"""));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/api/reports/batch", batch)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostJsonAsync("/api/cases", Api.Case(Api.UniqueId("c")))).StatusCode);

        await wall.NextMatchingAsync("metrics", snapshot => snapshot.GetProperty("total").GetProperty("visits").GetInt64() == 5, TimeSpan.FromSeconds(10));

        // Act
        var metrics = await ScrapeAsync(admin);

        // Assert: ours, exactly as written; ASP.NET Core's, the runtime's and Orleans' beside them.
        Assert.Equal(5, metrics.Sum("gridpulse_reports_accepted_total"));
        Assert.Equal(1, metrics.Sum("gridpulse_reports_duplicate_total"));
        Assert.Equal(2, metrics.Sum("gridpulse_reports_rejected_total"));
        Assert.Equal(1, metrics.Sum("gridpulse_cases_opened_total"));
        Assert.Equal(1, metrics.Sum("gridpulse_cases_open"));
        // Six writes reached the log (the repeat too, to be found a duplicate there), at most a commit each.
        Assert.InRange(metrics.Sum("gridpulse_log_commit_duration_seconds_count"), 1, 6);
        Assert.InRange(metrics.Sum("gridpulse_log_commit_entries_sum"), 6, double.MaxValue);
        Assert.InRange(metrics.Sum("http_server_request_duration_seconds_count"), 7, double.MaxValue);
        Assert.InRange(metrics.Sum("gridpulse_pushes_total"), 1, double.MaxValue);
        Assert.InRange(metrics.Sum("gridpulse_push_latency_seconds_count"), 1, double.MaxValue);
        Assert.Equal(1, metrics.Sum("signalr_server_active_connections"));
        Assert.Contains(metrics.Names, name => name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        Assert.Contains(metrics.Names, name => name.StartsWith("orleans_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_administrators_may_scrape()
    {
        // Arrange
        await using var app = _directory.StartApp();
        using var anonymous = app.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        using var leader = app.CreateClient();
        leader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.CreateAccountWithTokenAsync("leader-1", "leader", unitId: "t-d"));

        // Act
        using var unknown = await anonymous.GetAsync("/metrics");
        using var refused = await leader.GetAsync("/metrics");

        // Assert
        await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<Scrape> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A Prometheus text exposition: <c>name{labels} value</c> lines, comments left out.</summary>
    private sealed class Scrape(string text)
    {
        private readonly (string Name, double Value)[] _samples =
        [
            .. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(line => !line.StartsWith('#'))
                .Select(line => (Name: line[..line.IndexOfAny(['{', ' '])], Value: double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))),
        ];

        public IEnumerable<string> Names => _samples.Select(sample => sample.Name).Distinct();

        /// <summary>The sum of a metric's series; fails when the metric is not there at all.</summary>
        public double Sum(string name)
        {
            var values = _samples.Where(sample => sample.Name == name).Select(sample => sample.Value).ToList();
            Assert.True(values.Count > 0, $"{name} is not in the scrape; it has: {string.Join(", ", Names)}");
            return values.Sum();
        }
    }
}

/// <summary>The tests that read the process's meters run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OperatorMetricsDefinition
{
    public const string Name = "Operator metrics";
}

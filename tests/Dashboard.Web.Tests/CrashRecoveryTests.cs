using System.Collections.Concurrent;
using System.Net;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests;

/// <summary>
/// Runs the real built app as a child process, kills it with SIGKILL while reports are being posted, restarts it on
/// the same data directory and checks that every acknowledged report is counted exactly once (issue 2, SPEC 9).
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Posters = 8;
    private const int AcknowledgedBeforeKill = 400;
    private static readonly (string Grid, string Worker)[] Reporters = [("t-g1", "t-w1"), ("t-g2", "t-w2"), ("t-g3", "t-w4"), ("t-g4", "t-w5")];

    private readonly TestDirectory _directory = new();
    private readonly DateTimeOffset _occurredAt = Api.RecentTime;
    private readonly ConcurrentDictionary<string, int> _attempted = new();
    private readonly ConcurrentDictionary<string, int> _acknowledged = new();

    [Fact]
    public async Task Every_acknowledged_report_survives_a_SIGKILL_and_is_counted_exactly_once()
    {
        // Arrange: the app is up and reports stream in from concurrent posters.
        await using (var app = await StartAppAsync())
        {
            var enoughAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var posters = Enumerable.Range(0, Posters).Select(poster => PostUntilTheProcessDiesAsync(app.Client, poster, enoughAcknowledged)).ToArray();

            // Act: kill the process while requests are in flight.
            var first = await Task.WhenAny(posters.Append(enoughAcknowledged.Task)).WaitAsync(TimeSpan.FromSeconds(60));
            await first;
            Assert.Same(enoughAcknowledged.Task, first);
            app.Kill();
            await Task.WhenAll(posters);
        }

        // Assert: every acknowledged report is counted, each once; the unanswered ones at most once.
        await using (var app = await StartAppAsync())
        {
            var countedAfterRestart = await TotalVisitsAsync(app.Client);
            Assert.InRange(countedAfterRestart, _acknowledged.Count, _attempted.Count);

            foreach (var (id, reporter) in _acknowledged)
            {
                using var response = await PostReportAsync(app.Client, id, reporter);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.Equal(countedAfterRestart, await TotalVisitsAsync(app.Client));

            foreach (var (id, reporter) in _attempted.Where(report => !_acknowledged.ContainsKey(report.Key)))
            {
                using var response = await PostReportAsync(app.Client, id, reporter);
                Assert.True(response.IsSuccessStatusCode, $"re-posting {id} answered {response.StatusCode}");
            }

            Assert.Equal(_attempted.Count, await TotalVisitsAsync(app.Client));
        }
    }

    public void Dispose() => _directory.Dispose();

    private Task<AppProcess> StartAppAsync() =>
        AppProcess.StartAsync("--data", _directory.DataDirectory, "--org", _directory.OrganisationFile, "--simulate", "0");

    private async Task PostUntilTheProcessDiesAsync(HttpClient client, int poster, TaskCompletionSource enoughAcknowledged)
    {
        var reporter = poster % Reporters.Length;
        for (var sequence = 0; ; sequence++)
        {
            var id = $"crash-{poster}-{sequence}";
            _attempted[id] = reporter;
            try
            {
                using var response = await PostReportAsync(client, id, reporter);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
            catch (HttpRequestException)
            {
                return; // The process is gone: this report's fate is unknown, which the assertions allow for.
            }

            _acknowledged[id] = reporter;
            if (_acknowledged.Count >= AcknowledgedBeforeKill)
            {
                enoughAcknowledged.TrySetResult();
            }
        }
    }

    private Task<HttpResponseMessage> PostReportAsync(HttpClient client, string id, int reporter)
    {
        var (grid, worker) = Reporters[reporter];
        var report = Api.Visit(id, grid, worker);
        report["occurredAt"] = Api.Time(_occurredAt);
        return client.PostJsonAsync("/api/reports", report);
    }

    private static async Task<long> TotalVisitsAsync(HttpClient client) =>
        (await client.GetJsonAsync($"/api/units/{TestOrganisation.District}/metrics")).GetProperty("total").GetProperty("visits").GetInt64();
}

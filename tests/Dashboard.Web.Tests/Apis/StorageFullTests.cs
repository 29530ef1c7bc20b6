using System.Net;
using System.Runtime.CompilerServices;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SQLitePCL;
using Storage;

namespace Dashboard.Web.Tests.Apis;

/// <summary>
/// A full disk under load, made with SQLite's <c>max_page_count</c> on the log's writer: writes answer 507 with
/// <c>Retry-After</c>, <c>readyz</c> turns false while it lasts and true once space returns, the episode is logged
/// once, and nothing refused is counted.
/// </summary>
public sealed class StorageFullTests : IAsyncLifetime, IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly StrongBox<SqliteConnection> _writer = new();
    private readonly FakeLogCollector _logs = new();
    private GridPulseApp _app = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _app = _directory.StartApp(services => services
            .AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(_logs)))
            .AddSingleton(provider => new SqliteEventLog(
                SqliteEventLog.WriteConnectionStringFor(_directory.DataDirectory),
                TimeProvider.System,
                connection => _writer.Value = connection,
                logger: provider.GetRequiredService<ILogger<SqliteEventLog>>())));
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Writes_to_a_full_storage_answer_507_change_nothing_and_succeed_once_space_returns()
    {
        using var accepted = await _client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("before")));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var visits = await _client.CountAsync("t-g1", "total", "visits");
        SetMaxPageCount(PageCount());

        var (refused, refusedReport) = await PostUntilRefusedAsync();
        visits += refused.Accepted;

        var problem = await refused.Response.AssertProblemAsync(HttpStatusCode.InsufficientStorage);
        Assert.Equal("存储空间不足", problem.GetProperty("title").GetString());
        Assert.Contains("存储空间已满", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Response.Headers.RetryAfter?.Delta);
        using var ready = await _client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var live = await _client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        // A write through a grain (a new case) meets the same full storage and answers the same way.
        using var newCase = await _client.PostJsonAsync("/api/cases", Api.Case(Api.UniqueId("case")));
        await newCase.AssertProblemAsync(HttpStatusCode.InsufficientStorage);
        using var batch = await _client.PostJsonAsync(
            "/api/reports/batch", new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(0, 20).Select(_ => FillingReport())]));
        await batch.AssertProblemAsync(HttpStatusCode.InsufficientStorage);
        Assert.Equal(visits, await _client.CountAsync("t-g1", "total", "visits"));

        SetMaxPageCount(1_000_000);

        using var readyAgain = await _client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
        using var repeated = await _client.PostJsonAsync("/api/reports", refusedReport);
        Assert.Equal(HttpStatusCode.Accepted, repeated.StatusCode);
        Assert.Equal(visits + 1, await _client.CountAsync("t-g1", "total", "visits"));
        // Logged once at the start of the episode and once at its end, never per refused request.
        var logs = _logs.GetSnapshot();
        Assert.Equal([LogLevel.Error, LogLevel.Warning], logs.Where(log => log.Category == typeof(SqliteEventLog).FullName).Select(log => log.Level));
        Assert.DoesNotContain(logs, log => log.Exception is StorageFullException || log.Exception?.InnerException is StorageFullException);
        Assert.Contains(logs, log => log.Message.Contains("'存储空间已满 storage full'", StringComparison.Ordinal));
    }

    /// <summary>Posts new reports until one is refused; returns its answer, how many were accepted before it, and the refused report.</summary>
    private async Task<((HttpResponseMessage Response, long Accepted) Refused, System.Text.Json.Nodes.JsonObject Report)> PostUntilRefusedAsync()
    {
        for (var accepted = 0L; accepted < 10_000; accepted++)
        {
            var report = FillingReport();
            var response = await _client.PostJsonAsync("/api/reports", report);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return ((response, accepted), report);
            }

            response.Dispose();
        }

        throw new InvalidOperationException("the log never filled up");
    }

    private static System.Text.Json.Nodes.JsonObject FillingReport() =>
        Api.Visit(Api.UniqueId("filling")).Patched("""{"note": "楼道巡查，记录一户独居老人的近况与需求。"}""");

    private long PageCount()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.DataDirectory, SqliteEventLog.DatabaseFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count;";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Limits the writer's database to <paramref name="pages"/> (SQLite keeps it at least at its size); threadsafe per connection.</summary>
    private void SetMaxPageCount(long pages) =>
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_exec(_writer.Value!.Handle, $"PRAGMA max_page_count = {pages};"));

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}

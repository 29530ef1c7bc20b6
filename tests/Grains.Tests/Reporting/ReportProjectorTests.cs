using Grains.Hosting;
using Grains.Interfaces;
using Grains.Reporting;
using Grains.Storage;
using Grains.Time;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Storage;

namespace Grains.Tests.Reporting;

/// <summary>The projector follows the log: what it writes is what the entries say, once, across restarts.</summary>
public sealed class ReportProjectorTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // 12:00 in Shanghai on Monday 2 November 2026.
    private static readonly DateTimeOffset Noon = new(2026, 11, 2, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Monday = new(2026, 11, 2);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gridpulse-projector-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Noon.AddDays(10));
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reports_land_in_their_local_day_per_grid_and_worker()
    {
        await using var log = OpenLog();
        var store = new SqliteReportStore(_directory);
        await AppendAsync(
            log,
            LogPayloads.ToEntry(Writes.Visit("v1", "g1", "w1", Noon, households: 3)),
            LogPayloads.ToEntry(Writes.Visit("v2", "g1", "w2", Noon)),
            LogPayloads.ToEntry(Writes.Training("t1", "g1", "w1", Noon, participants: 25)),
            // 01:00 on Tuesday in Shanghai, still Monday in UTC.
            LogPayloads.ToEntry(Writes.Event("e1", "g1", "w1", Noon.AddHours(13), participants: 40)),
            LogPayloads.ToEntry(Writes.Visit("v3", "g2", "w3", Noon)),
            LogPayloads.ToEntry(new WorkerStatusReport("w1", WorkerDutyStatus.OnDuty, Noon)));

        await using (var projector = await StartAsync(log, store))
        {
            await projector.CaughtUpAsync(log);
        }

        var monday = await store.ReadGridTotalsAsync(Monday, Monday);
        var tuesday = await store.ReadGridTotalsAsync(Monday.AddDays(1), Monday.AddDays(1));
        Assert.Equal(new GridTotal("g1", new DayFigures(2, 4, 1, 25, 0, 0, 0), 2), monday.Single(total => total.GridId == "g1"));
        Assert.Equal(new GridTotal("g2", new DayFigures(1, 1, 0, 0, 0, 0, 0), 1), monday.Single(total => total.GridId == "g2"));
        Assert.Equal(new GridTotal("g1", new DayFigures(0, 0, 0, 0, 1, 40, 0), 1), Assert.Single(tuesday));
        Assert.Equal(new ProjectionState(6, _time.GetUtcNow(), Monday), await store.ReadStateAsync());
    }

    [Fact]
    public async Task A_case_keeps_its_latest_deadline_resolution_closure_rework_extension_and_urges()
    {
        await using var log = OpenLog();
        var store = new SqliteReportStore(_directory);
        var newCase = Writes.Case("c1", "g1", "w1", Noon);
        var extension = Writes.Action("a2", "c1", CaseActionKind.Extend, Noon.AddHours(2));
        await AppendAsync(
            log,
            LogPayloads.ToEntry(newCase),
            LogPayloads.ToEntry(Writes.Action("a1", "c1", CaseActionKind.Dispatch, Noon.AddHours(1))),
            LogPayloads.ToEntry(extension),
            LogPayloads.ToEntry(Writes.Action("a3", "c1", CaseActionKind.Resolve, Noon.AddHours(3))),
            LogPayloads.ToEntry(Writes.Action("a4", "c1", CaseActionKind.Reject, Noon.AddHours(4))));
        await using (var projector = await StartAsync(log, store))
        {
            await projector.CaughtUpAsync(log);
        }

        // Another pass acts on the case stored by the first: an urge (督办) as issue 12 writes it, then the closure.
        await AppendAsync(
            log,
            Urge("a5", "c1", Noon.AddHours(5)),
            LogPayloads.ToEntry(Writes.Action("a6", "c1", CaseActionKind.Resolve, Noon.AddHours(6))),
            LogPayloads.ToEntry(Writes.Action("a7", "c1", CaseActionKind.Close, Noon.AddHours(7))));
        await using (var projector = await StartAsync(log, store))
        {
            await projector.CaughtUpAsync(log);
        }

        var facts = Assert.Single(await store.ReadCasesReportedAsync(Noon, Noon.AddMinutes(1)));
        Assert.Equal(
            new CaseFacts("c1", "g1", "环境卫生", Noon, extension.Deadline!.Value, Noon.AddHours(6), Noon.AddHours(7), null, Reworked: true, Extended: true, Urges: 1),
            facts);
        Assert.Equal(1, Assert.Single(await store.ReadGridTotalsAsync(Monday, Monday)).Figures.CasesReported);
    }

    [Fact]
    public async Task A_restarted_projector_goes_on_from_its_position_and_counts_nothing_twice()
    {
        await using var log = OpenLog();
        await AppendAsync(log, LogPayloads.ToEntry(Writes.Visit("v1", "g1", "w1", Noon)), LogPayloads.ToEntry(Writes.Visit("v2", "g1", "w1", Noon)));
        var store = new SqliteReportStore(_directory);
        await using (var projector = await StartAsync(log, store))
        {
            await projector.CaughtUpAsync(log);
        }

        await AppendAsync(log, LogPayloads.ToEntry(Writes.Visit("v3", "g1", "w1", Noon)));
        var reopened = new SqliteReportStore(_directory);
        await using (var projector = await StartAsync(log, reopened))
        {
            await projector.CaughtUpAsync(log);
        }

        Assert.Equal(3, Assert.Single(await reopened.ReadGridTotalsAsync(Monday, Monday)).Figures.Visits);
        Assert.Equal(3, (await reopened.ReadStateAsync()).Position);
    }

    [Fact]
    public async Task A_running_projector_follows_new_writes()
    {
        await using var log = OpenLog();
        var store = new SqliteReportStore(_directory);
        await using var projector = await StartAsync(log, store);
        await projector.CaughtUpAsync(log);

        await AppendAsync(log, LogPayloads.ToEntry(Writes.Visit("v1", "g1", "w1", Noon)));
        await projector.CaughtUpAsync(log);

        Assert.Equal(1, Assert.Single(await store.ReadGridTotalsAsync(Monday, Monday)).Figures.Visits);
    }

    private static LogEntry Urge(string id, string caseId, DateTimeOffset at) => new(
        LogPayloads.CaseActionType,
        id,
        LogPayloads.CaseStream(caseId),
        $$"""{"id":"{{id}}","caseId":"{{caseId}}","action":"Urge","by":"街道指挥中心","at":"{{at.UtcDateTime:O}}","note":"请加快处置","deadline":null,"handler":null}""");

    private SqliteEventLog OpenLog() => new(Options.Create(new StorageOptions { DataDirectory = _directory }));

    private static async Task AppendAsync(SqliteEventLog log, params LogEntry[] entries) => await log.AppendAsync(entries).WaitAsync(Patience);

    private async Task<RunningProjector> StartAsync(IEventLog log, IReportStore store)
    {
        var clock = new LocalClock(_time, Options.Create(new GridPulseOptions()));
        var projector = new ReportProjector(log, store, clock, _time, NullLogger<ReportProjector>.Instance);
        await projector.StartAsync(CancellationToken.None);
        return new RunningProjector(projector);
    }

    private sealed class RunningProjector(ReportProjector projector) : IAsyncDisposable
    {
        public async Task CaughtUpAsync(SqliteEventLog log)
        {
            var last = (await log.ReadNewestAsync([LogPayloads.ReportType, LogPayloads.CaseType, LogPayloads.CaseActionType, LogPayloads.WorkerStatusType], 1))
                .SingleOrDefault()?.Sequence ?? 0;
            await projector.WaitForAsync(last).WaitAsync(Patience);
        }

        public async ValueTask DisposeAsync()
        {
            await projector.StopAsync(CancellationToken.None);
            projector.Dispose();
        }
    }
}

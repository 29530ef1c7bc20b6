using Grains.Ingestion;
using Grains.Hosting;
using Grains.Interfaces;
using Grains.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Storage;
using TestSupport;

namespace Grains.Tests;

public sealed class IngestionTests
{
    [Fact]
    public async Task A_report_committed_while_its_caller_gives_up_is_still_counted()
    {
        // Arrange: a log that commits and then tells the caller it was cancelled, as a disconnecting client sees it.
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        var organisation = TestOrganisation.Small();
        await using var host = await GrainsHost.StartAsync(organisation, clock);
        using var caller = new CancellationTokenSource();
        var ingestion = new IngestionService(
            organisation, new CancelledAfterCommitLog(host.Log, caller), host.Grains, host.Services.GetRequiredService<ReportHandOver>(), new ActivityFeed(organisation), clock,
            host.Services.GetRequiredService<GrainsMetrics>());
        var report = Writes.Visit("r-gone", "g1", "w1", clock.GetUtcNow());

        // Act
        var result = await ingestion.SubmitReportAsync(report, caller.Token);

        // Assert: stored, so counted; a retry is a duplicate and counts nothing more.
        Assert.Equal(WriteOutcome.Accepted, result.Outcome);
        Assert.Equal(WriteOutcome.Duplicate, (await host.Ingestion.SubmitReportAsync(report)).Outcome);
        Assert.Equal(1, (await host.SnapshotAsync("d1")).Total.Visits);
    }

    [Fact]
    public async Task The_same_report_sent_50_times_in_sequence_is_counted_once()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var report = Writes.Visit("r1", "g1", "w1", clock.GetUtcNow(), households: 2);

        // Act
        var results = new List<WriteResult>();
        for (var i = 0; i < 50; i++)
        {
            results.Add(await host.Ingestion.SubmitReportAsync(report));
        }

        // Assert
        Assert.Equal(WriteOutcome.Accepted, results[0].Outcome);
        Assert.All(results.Skip(1), r => Assert.Equal(WriteOutcome.Duplicate, r.Outcome));
        var district = await host.SnapshotAsync("d1");
        Assert.Equal((1, 2), (district.Total.Visits, district.Total.Households));
    }

    [Fact]
    public async Task The_same_report_sent_20_times_concurrently_is_counted_once()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var report = Writes.Visit("r1", "g1", "w1", clock.GetUtcNow());

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => host.Ingestion.SubmitReportAsync(report))));

        // Assert
        Assert.Single(results, r => r.Outcome == WriteOutcome.Accepted);
        Assert.Equal(19, results.Count(r => r.Outcome == WriteOutcome.Duplicate));
        Assert.Equal(1, (await host.SnapshotAsync("d1")).Total.Visits);
    }

    [Fact]
    public async Task The_same_id_with_other_content_is_a_conflict_and_changes_nothing()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", clock.GetUtcNow()));

        // Act
        var result = await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", clock.GetUtcNow(), households: 5));

        // Assert
        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        Assert.Equal((1, 1), ((await host.SnapshotAsync("d1")).Total.Visits, (await host.SnapshotAsync("d1")).Total.Households));
    }

    [Fact]
    public async Task A_batch_stores_its_good_reports_and_refuses_unknown_grids_workers_and_future_times()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var now = clock.GetUtcNow();

        // Act
        var results = await host.Ingestion.SubmitReportsAsync(
        [
            Writes.Visit("ok1", "g1", "w1", now),
            Writes.Visit("bad-grid", "g9", "w1", now),
            Writes.Visit("bad-worker", "g1", "w9", now),
            Writes.Visit("other-grid-worker", "g1", "w3", now),
            Writes.Visit("future", "g1", "w1", now.AddMinutes(6)),
            Writes.Visit("ok2", "g3", "w3", now.AddMinutes(4)),
            Writes.Visit("ok1", "g1", "w1", now),
        ]);

        // Assert
        Assert.Equal(
            [
                (WriteOutcome.Accepted, null),
                (WriteOutcome.NotFound, "gridId"),
                (WriteOutcome.NotFound, "workerId"),
                (WriteOutcome.NotFound, "workerId"),
                (WriteOutcome.Invalid, "occurredAt"),
                (WriteOutcome.Accepted, null),
                (WriteOutcome.Duplicate, null),
            ],
            results.Select(r => (r.Outcome, r.Field)));
        Assert.Equal(2, (await host.SnapshotAsync("d1")).Total.Visits);
        var stored = new List<string>();
        await foreach (var entry in host.Log.ReadAllAsync())
        {
            stored.Add(entry.Id);
        }

        Assert.Equal(["ok1", "ok2"], stored);
    }

    [Fact]
    public async Task Worker_status_and_cases_are_checked_against_the_organisation_and_the_clock()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var now = clock.GetUtcNow();

        // Act
        var unknownWorker = await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w9", WorkerDutyStatus.OnDuty, now));
        var futureStatus = await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w1", WorkerDutyStatus.OnDuty, now.AddHours(1)));
        var status = await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w1", WorkerDutyStatus.OnDuty, now));
        var statusAgain = await host.Ingestion.SubmitWorkerStatusAsync(new WorkerStatusReport("w1", WorkerDutyStatus.OnDuty, now));
        var caseUnknownGrid = await host.Ingestion.SubmitCaseAsync(Writes.Case("k1", "g9", "w1", now));
        var caseWrongWorker = await host.Ingestion.SubmitCaseAsync(Writes.Case("k2", "g1", "w3", now));
        var caseFuture = await host.Ingestion.SubmitCaseAsync(Writes.Case("k3", "g1", "w1", now.AddMinutes(10)));

        // Assert
        Assert.Equal((WriteOutcome.NotFound, "workerId"), (unknownWorker.Outcome, unknownWorker.Field));
        Assert.Equal((WriteOutcome.Invalid, "at"), (futureStatus.Outcome, futureStatus.Field));
        Assert.Equal(WriteOutcome.Accepted, status.Outcome);
        Assert.Equal(WriteOutcome.Duplicate, statusAgain.Outcome);
        Assert.Equal((WriteOutcome.NotFound, "gridId"), (caseUnknownGrid.Outcome, caseUnknownGrid.Field));
        Assert.Equal((WriteOutcome.NotFound, "workerId"), (caseWrongWorker.Outcome, caseWrongWorker.Field));
        Assert.Equal((WriteOutcome.Invalid, "occurredAt"), (caseFuture.Outcome, caseFuture.Field));
        Assert.Equal(0, (await host.SnapshotAsync("d1")).Total.CasesReported);
    }

    [Fact]
    public void Default_deadlines_follow_the_category_time_limits()
    {
        var at = GrainsHost.Noon;
        Assert.Equal(at.AddHours(4), Ingestion.CaseTimeLimits.DefaultDeadline("紧急救助", at));
        Assert.Equal(at.AddHours(24), Ingestion.CaseTimeLimits.DefaultDeadline("安全隐患", at));
        Assert.Equal(at.AddHours(120), Ingestion.CaseTimeLimits.DefaultDeadline("便民服务", at));
        Assert.Equal(at.AddHours(72), Ingestion.CaseTimeLimits.DefaultDeadline("其他", at));
    }

    /// <summary>Commits through the real log, then cancels the caller and throws if the caller's token reached it.</summary>
    private sealed class CancelledAfterCommitLog(IEventLog inner, CancellationTokenSource caller) : ForwardingEventLog(inner)
    {
        public override async Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default)
        {
            var results = await base.AppendAsync(entries, CancellationToken.None);
            await caller.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return results;
        }
    }
}

using Grains.Interfaces;
using Grains.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grains.Tests.Live;

public sealed class LiveSignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_report_tells_every_subscribed_unit_above_its_grid_and_no_other()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var observer = new RecordingObserver();
        var reference = host.Cluster.Client.CreateObjectReference<IUnitObserver>(observer);
        string[] subscribed = ["d1", "s1", "c1", "g1", "s2", "g2"];
        foreach (var unitId in subscribed)
        {
            await host.UnitGrain(unitId).SubscribeAsync(reference);
        }

        // Act
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r1", "g1", "w1", clock.GetUtcNow()));

        // Assert: the four arrive; a round trip to each unit afterwards would have carried any other one first.
        await observer.WaitForAsync(4).WaitAsync(Patience);
        foreach (var unitId in subscribed)
        {
            await host.UnitGrain(unitId).SubscribeAsync(reference);
        }

        Assert.Equal(["c1", "d1", "g1", "s1"], observer.Told.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_unit_tells_a_change_once_until_its_snapshot_is_read_and_an_unsubscribed_observer_hears_nothing()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var observer = new RecordingObserver();
        var gone = new RecordingObserver();
        var reference = host.Cluster.Client.CreateObjectReference<IUnitObserver>(observer);
        var goneReference = host.Cluster.Client.CreateObjectReference<IUnitObserver>(gone);
        var grid = host.UnitGrain("g1");
        await grid.SubscribeAsync(reference);
        await grid.SubscribeAsync(goneReference);
        await grid.UnsubscribeAsync(goneReference);

        // Act
        await host.Ingestion.SubmitReportsAsync([.. Enumerable.Range(0, 10).Select(i => Writes.Visit($"r{i}", "g1", "w1", clock.GetUtcNow()))]);
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r10", "g1", "w1", clock.GetUtcNow()));
        await observer.WaitForAsync(1).WaitAsync(Patience);
        var toldBeforeRead = (await grid.SubscribeAsync(reference), observer.Told.Count).Item2;
        await grid.GetSnapshotAsync();
        await host.Ingestion.SubmitReportAsync(Writes.Visit("r11", "g1", "w1", clock.GetUtcNow()));

        // Assert
        await observer.WaitForAsync(2).WaitAsync(Patience);
        Assert.Equal(1, toldBeforeRead);
        Assert.Equal(["g1", "g1"], observer.Told);
        Assert.Empty(gone.Told);
    }

    /// <summary>Records the units it is told of, in order.</summary>
    private sealed class RecordingObserver : IUnitObserver
    {
        private readonly Lock _gate = new();
        private readonly List<string> _told = [];
        private readonly List<(int Count, TaskCompletionSource Reached)> _waits = [];

        public IReadOnlyList<string> Told
        {
            get
            {
                lock (_gate)
                {
                    return [.. _told];
                }
            }
        }

        public void Changed(string unitId)
        {
            lock (_gate)
            {
                _told.Add(unitId);
                foreach (var wait in _waits.Where(w => _told.Count >= w.Count))
                {
                    wait.Reached.TrySetResult();
                }
            }
        }

        public Task WaitForAsync(int count)
        {
            lock (_gate)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_told.Count >= count)
                {
                    reached.SetResult();
                }

                _waits.Add((count, reached));
                return reached.Task;
            }
        }
    }

    [Fact]
    public async Task Accepted_reports_and_new_cases_reach_the_feed_once_with_names_and_duplicates_do_not()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var feed = host.Services.GetRequiredService<ActivityFeed>();
        var visit = Writes.Visit("r1", "g1", "w4", clock.GetUtcNow(), households: 3);
        var newCase = Writes.Case("k1", "g3", "w3", clock.GetUtcNow(), "安全隐患");

        // Act
        await host.Ingestion.SubmitReportAsync(visit);
        await host.Ingestion.SubmitReportAsync(visit);
        await host.Ingestion.SubmitCaseAsync(newCase);
        await host.Ingestion.SubmitCaseAsync(newCase);

        // Assert
        var items = Drain(feed);
        Assert.Equal(2, items.Count);
        Assert.Equal(
            ("g1", "r1", visit.OccurredAt, "g1", FeedKind.Visit, "李娜", visit.Category, (long?)3),
            (items[0].UnitId, items[0].Id, items[0].At, items[0].GridId, items[0].Kind, items[0].Worker, items[0].Category, items[0].Count));
        Assert.Equal(["一街道", "一社区", "一网格"], items[0].Path);
        Assert.Equal((FeedKind.Case, "刘洋", "安全隐患", (long?)null), (items[1].Kind, items[1].Worker, items[1].Category, items[1].Count));
        Assert.Equal(["二街道", "二社区", "三网格"], items[1].Path);
    }

    [Fact]
    public async Task The_feed_keeps_the_newest_items_when_nobody_reads_it()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var feed = host.Services.GetRequiredService<ActivityFeed>();
        var reports = Enumerable.Range(0, ActivityFeed.Capacity + 10).Select(i => Writes.Visit($"r{i:D5}", "g1", "w1", clock.GetUtcNow())).ToList();

        // Act
        foreach (var chunk in reports.Chunk(1000))
        {
            await host.Ingestion.SubmitReportsAsync(chunk);
        }

        // Assert
        var items = Drain(feed);
        Assert.Equal(ActivityFeed.Capacity, items.Count);
        Assert.Equal(reports[^1].Id, items[^1].Id);
        Assert.Equal(reports[10].Id, items[0].Id);
    }

    [Fact]
    public async Task A_snapshot_counts_this_months_cases_per_category_largest_first_without_cancelled_ones()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        var now = clock.GetUtcNow();
        await host.Ingestion.SubmitCaseAsync(Writes.Case("k1", "g1", "w1", now, "环境卫生"));
        await host.Ingestion.SubmitCaseAsync(Writes.Case("k2", "g2", "w2", now, "安全隐患"));
        await host.Ingestion.SubmitCaseAsync(Writes.Case("k3", "g3", "w3", now, "安全隐患"));
        await host.Ingestion.SubmitCaseAsync(Writes.Case("k4", "g3", "w3", now, "矛盾纠纷"));

        // Act
        await host.Ingestion.SubmitCaseActionAsync(Writes.Action("a1", "k4", CaseActionKind.Cancel, now));

        // Assert
        Assert.Equal([new("安全隐患", 2), new("环境卫生", 1)], (await host.SnapshotAsync("d1")).Categories);
        Assert.Equal([new("安全隐患", 1), new("环境卫生", 1)], (await host.SnapshotAsync("s1")).Categories);
        Assert.Equal([new CategoryCount("安全隐患", 1)], (await host.SnapshotAsync("g3")).Categories);
    }

    [Fact]
    public async Task Categories_start_again_with_the_new_month()
    {
        // Arrange
        var clock = new FakeTimeProvider(GrainsHost.Noon);
        await using var host = await GrainsHost.StartAsync(TestOrganisation.Small(), clock);
        await host.Ingestion.SubmitCaseAsync(Writes.Case("k1", "g1", "w1", clock.GetUtcNow(), "环境卫生"));

        // Act
        clock.Advance(TimeSpan.FromDays(20));

        // Assert
        Assert.Empty((await host.SnapshotAsync("d1")).Categories);
    }

    private static List<ActivityItem> Drain(ActivityFeed feed)
    {
        var items = new List<ActivityItem>();
        while (feed.Items.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}

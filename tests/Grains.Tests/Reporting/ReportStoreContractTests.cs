using Grains.Reporting;

namespace Grains.Tests.Reporting;

/// <summary>
/// What every <see cref="IReportStore"/> must do: apply batches with their position in one step, never twice, keep
/// them across a restart, let one writer in at a time, and sum and select what the bulletins read. Each engine derives
/// from this class and says how to open a store by name.
/// </summary>
public abstract class ReportStoreContractTests : IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2026, 11, 2);
    private static readonly DateTimeOffset Noon = new(2026, 11, 2, 4, 0, 0, TimeSpan.Zero);

    private readonly List<IAsyncDisposable> _open = [];

    /// <summary>This test's store name: a directory for SQLite, a schema for PostgreSQL.</summary>
    protected string Name { get; } = "reports-" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var open in Enumerable.Reverse(_open))
        {
            await open.DisposeAsync();
        }

        Cleanup();
    }

    [Fact]
    public async Task A_new_projection_holds_nothing_at_position_zero()
    {
        var store = Open();

        var state = await store.ReadStateAsync();
        await using var writer = await WriterOfAsync(store);

        Assert.Equal(new ProjectionState(0, null, null), state);
        Assert.Equal(0, writer.Position);
        Assert.Empty(await store.ReadGridTotalsAsync(Monday, Monday.AddDays(6)));
    }

    [Fact]
    public async Task Figures_are_summed_per_grid_over_the_days_asked_with_each_worker_counted_once()
    {
        var store = Open();
        await using var writer = await WriterOfAsync(store);
        var first = new ProjectionBatch(0) { To = 5 };
        first.GridDays[("g1", Monday)] = DayFigures.Zero with { Visits = 2, Households = 3 };
        first.GridDays[("g1", Monday.AddDays(1))] = DayFigures.Zero with { Trainings = 1, TrainingParticipants = 20 };
        first.GridDays[("g2", Monday.AddDays(7))] = DayFigures.Zero with { Events = 1 };
        first.WorkerDays[("w1", Monday)] = ("g1", DayFigures.Zero with { Visits = 2, Households = 3 });
        first.WorkerDays[("w1", Monday.AddDays(1))] = ("g1", DayFigures.Zero with { Trainings = 1, TrainingParticipants = 20 });
        var second = new ProjectionBatch(5) { To = 9 };
        second.GridDays[("g1", Monday)] = DayFigures.Zero with { Visits = 1, Households = 1, CasesReported = 1 };
        second.WorkerDays[("w2", Monday)] = ("g1", DayFigures.Zero with { Visits = 1, Households = 1 });

        Assert.True(await writer.ApplyAsync(first));
        Assert.True(await writer.ApplyAsync(second));
        var week = await store.ReadGridTotalsAsync(Monday, Monday.AddDays(6));

        var g1 = Assert.Single(week);
        Assert.Equal(new GridTotal("g1", new DayFigures(3, 4, 1, 20, 0, 0, 1), 2), g1);
        Assert.Equal(9, writer.Position);
        Assert.Equal(Monday, (await store.ReadStateAsync()).FirstDay);
    }

    [Fact]
    public async Task A_batch_applied_again_at_its_old_position_changes_nothing()
    {
        var store = Open();
        await using var writer = await WriterOfAsync(store);
        var batch = new ProjectionBatch(0) { To = 3, AsOf = Noon };
        batch.GridDays[("g1", Monday)] = DayFigures.Zero with { Visits = 1, Households = 1 };
        batch.Cases["c1"] = Case("c1");

        Assert.True(await writer.ApplyAsync(batch));
        Assert.False(await writer.ApplyAsync(batch));

        Assert.Equal(new GridTotal("g1", DayFigures.Zero with { Visits = 1, Households = 1 }, 0), Assert.Single(await store.ReadGridTotalsAsync(Monday, Monday)));
        Assert.Equal(new ProjectionState(3, Noon, Monday), await store.ReadStateAsync());
    }

    [Fact]
    public async Task The_projection_and_its_position_survive_a_restart()
    {
        var store = Open();
        var writer = await WriterOfAsync(store);
        var batch = new ProjectionBatch(0) { To = 7, AsOf = Noon };
        batch.GridDays[("g1", Monday)] = DayFigures.Zero with { Events = 1, EventParticipants = 40 };
        batch.Cases["c1"] = Case("c1") with { ClosedAt = Noon.AddHours(2), Reworked = true, Urges = 2 };
        Assert.True(await writer.ApplyAsync(batch));
        await writer.DisposeAsync();
        await CloseAsync(store);

        var reopened = Open();
        await using var again = await WriterOfAsync(reopened);

        Assert.Equal(7, again.Position);
        Assert.Equal(new ProjectionState(7, Noon, Monday), await reopened.ReadStateAsync());
        Assert.Equal(DayFigures.Zero with { Events = 1, EventParticipants = 40 }, Assert.Single(await reopened.ReadGridTotalsAsync(Monday, Monday)).Figures);
        Assert.Equal(batch.Cases["c1"], (await again.ReadCasesAsync(["c1", "unknown"]))["c1"]);
    }

    [Fact]
    public async Task One_writer_at_a_time_and_the_next_once_it_is_closed()
    {
        var store = Open();
        var other = Open();
        var writer = await WriterOfAsync(store);

        var refused = await other.TryOpenWriterAsync();
        await writer.DisposeAsync();
        await using var next = await other.TryOpenWriterAsync();

        Assert.Null(refused);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Cases_are_stored_as_they_now_stand_and_read_by_the_time_they_were_reported_and_by_being_overdue()
    {
        var store = Open();
        await using var writer = await WriterOfAsync(store);
        var open = Case("open") with { Deadline = Noon.AddDays(1) };
        var late = Case("late") with { ReportedAt = Noon.AddHours(1), Deadline = Noon.AddHours(5) };
        var resolved = Case("resolved") with { Deadline = Noon.AddHours(2), ResolvedAt = Noon.AddHours(1) };
        var nextWeek = Case("next-week") with { ReportedAt = Noon.AddDays(7), Deadline = Noon.AddDays(8) };
        var first = new ProjectionBatch(0) { To = 4 };
        foreach (var facts in (CaseFacts[])[open, late, resolved, nextWeek])
        {
            first.Cases[facts.Id] = facts;
        }

        var closedLater = late with { ClosedAt = Noon.AddDays(2) };
        var second = new ProjectionBatch(4) { To = 5 };
        second.Cases["late"] = closedLater;
        Assert.True(await writer.ApplyAsync(first));
        Assert.True(await writer.ApplyAsync(second));

        var week = await store.ReadCasesReportedAsync(Noon.AddHours(-1), Noon.AddDays(6));
        var overdueNextDay = await store.ReadOverdueAsync(Noon.AddDays(1).AddHours(1));
        var overdueLater = await store.ReadOverdueAsync(Noon.AddDays(3));

        Assert.Equal([late.Id, open.Id, resolved.Id], week.Select(facts => facts.Id).Order(StringComparer.Ordinal));
        Assert.Equal(closedLater, week.Single(facts => facts.Id == "late"));
        Assert.Equal(["late", "open"], overdueNextDay.Select(facts => facts.Id));
        Assert.Equal(["open"], overdueLater.Select(facts => facts.Id));
    }

    /// <summary>Opens the store <see cref="Name"/>; a second call opens it again as another process would.</summary>
    protected abstract IReportStore OpenStore(string name);

    /// <summary>Removes what <see cref="OpenStore"/> made.</summary>
    protected abstract void Cleanup();

    private IReportStore Open()
    {
        var store = OpenStore(Name);
        if (store is IAsyncDisposable disposable)
        {
            _open.Add(disposable);
        }

        return store;
    }

    private async Task CloseAsync(IReportStore store)
    {
        if (store is IAsyncDisposable disposable)
        {
            _open.Remove(disposable);
            await disposable.DisposeAsync();
        }
    }

    private static async Task<IReportWriter> WriterOfAsync(IReportStore store) =>
        await store.TryOpenWriterAsync() ?? throw new InvalidOperationException("The writer is held elsewhere.");

    private static CaseFacts Case(string id) => new(id, "g1", "环境卫生", Noon, Noon.AddDays(3));
}

/// <summary>The projection contract on SQLite: a file of its own in a directory per test.</summary>
public sealed class SqliteReportStoreTests : ReportStoreContractTests
{
    private string Directory => Path.Combine(Path.GetTempPath(), "gridpulse-" + Name);

    protected override IReportStore OpenStore(string name) => new SqliteReportStore(Directory);

    protected override void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

/// <summary>The projection contract on PostgreSQL: a schema per test on the tests' server (<c>test.sh</c> starts it).</summary>
public sealed class PostgresReportStoreTests : ReportStoreContractTests
{
    protected override IReportStore OpenStore(string name) => new PostgresReportStore(TestSupport.TestPostgres.ConnectionStringFor(name));

    protected override void Cleanup()
    {
    }
}

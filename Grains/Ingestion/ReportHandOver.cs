using Grains.Hosting;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grains.Ingestion;

/// <summary>
/// Hands stored reports to their grids: each grid's share in one call, then the grids' updates up the tree a level at
/// a time (<see cref="UpdateRelay"/>). Reports go in groups, those stored while the previous group is on its way
/// together in the next (<see cref="GroupedCalls{T}"/>): ten thousand single reports a second cost the district a turn
/// per group, not one each, and a grid in four batches stored together takes one call, not four.
/// </summary>
/// <remarks>
/// A report is answered once it is in the log, and its hand-over follows behind: the writer does not wait for it, so
/// the more reports arrive, the bigger the groups and the cheaper each report. A writer waits for its group only when
/// more than <see cref="GridPulseOptions.HandOverBacklog"/> reports are on their way, so that the grains set the pace
/// and memory stays bounded. The reads of this process wait for the reports handed over before them (<see cref="HandedOverAsync"/>),
/// so what a client was answered is in what it reads next.
/// </remarks>
public sealed partial class ReportHandOver : GroupedCalls<StoredReport>.ITarget
{
    private readonly UnitReferences _units;
    private readonly OrganisationTree _organisation;
    // A repair tries for about ten minutes: a silo's death is declared within seconds, a restart takes a minute or two.
    private static readonly TimeSpan RepairFirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RepairLongestDelay = TimeSpan.FromSeconds(5);
    private const int RepairAttempts = 125;

    private readonly ILogger<ReportHandOver> _logger;
    private readonly TimeProvider _time;
    private readonly GroupedCalls<StoredReport> _groups;
    private readonly int _backlogLimit;
    private int _backlog;

    public ReportHandOver(UnitReferences units, OrganisationTree organisation, IOptions<GridPulseOptions> options, TimeProvider time, ILogger<ReportHandOver> logger)
    {
        _time = time;
        _units = units;
        _organisation = organisation;
        _logger = logger;
        _backlogLimit = options.Value.HandOverBacklog;
        _groups = new GroupedCalls<StoredReport>(this);
    }

    /// <summary>
    /// Hands over stored reports with the next group. Completes at once, or when their group has reached every level
    /// if too many reports are on their way already. A group that fails does not fail its writers: their reports are
    /// in the log, and the grids of the group read themselves back from it.
    /// </summary>
    public Task HandOverAsync(IReadOnlyList<StoredReport> reports)
    {
        if (reports.Count == 0)
        {
            return Task.CompletedTask;
        }

        var backlog = Interlocked.Add(ref _backlog, reports.Count);
        var handed = _groups.SendAsync(reports);
        return backlog > _backlogLimit ? handed : Task.CompletedTask;
    }

    /// <summary>Completes when every report handed over so far has reached every level (or its grids reloaded).</summary>
    public Task HandedOverAsync() => _groups.SentAsync();

    /// <summary>
    /// The most grids a group reaches in one pass down to the grids and up the tree; a group over more grids goes in
    /// passes of this many, one after the other. Without it a burst (100,000 grids' first reports answered at once)
    /// made as many grain calls at once, and the memory of that peak stayed with the process (measured: resident set
    /// 1.25 GiB instead of 1 GiB with 100,000 grids). Counted in grids, not reports: a grid takes all its reports of a
    /// group in one call, so a backlog of batches over a thousand grids costs a call a grid, not one per 4,096 reports.
    /// </summary>
    private const int PassSize = 4096;

    private async Task HandOverGroupAsync(IReadOnlyList<StoredReport> reports)
    {
        var byGrid = ByGrid(reports);
        if (byGrid.Count <= PassSize)
        {
            await HandOverPassAsync(byGrid);
            return;
        }

        foreach (var pass in byGrid.Chunk(PassSize))
        {
            await HandOverPassAsync(pass);
        }
    }

    /// <summary>Hands each grid its share, then sends the grids' updates up; <paramref name="byGrid"/> is each grid's share, in the reports' order.</summary>
    private async Task HandOverPassAsync(IReadOnlyCollection<KeyValuePair<string, List<StoredReport>>> byGrid)
    {
        var reports = byGrid.Sum(share => share.Value.Count);
        try
        {
            var updates = await Task.WhenAll(byGrid.Select(share => _units.Grid(share.Key).CountActivitiesAsync(share.Value)));
            await UpdateRelay.SendUpAsync(_units, _organisation, updates);
        }
        catch (Exception exception)
        {
            // Nobody can tell how far the group got: its grids read themselves back from the log, which makes their
            // parents sum them afresh.
            HandOverFailed(_logger, reports, byGrid.Count, exception);
            Repair([.. byGrid.Select(share => _units.Grid(share.Key))]);
        }
        finally
        {
            Interlocked.Add(ref _backlog, -reports);
        }
    }

    Task GroupedCalls<StoredReport>.ITarget.CallAsync(IReadOnlyList<StoredReport> items) => HandOverGroupAsync(items);

    /// <summary>A group of at least this many reports means a backlog: the next group waits <see cref="GatherFor"/> to gather more.</summary>
    private const int GatherAfter = 1_000;

    /// <summary>
    /// How long the next group waits after a big one. A pass over a thousand grids takes about 20 ms, so without the wait
    /// batches arriving at 100,000 reports a second formed groups of about 1,800 reports over 900 grids: two reports a
    /// grain call. Measured with the batch benchmark: 14.5 instead of 17.5 to 20 µs of server CPU a report. Single
    /// reports at the push benchmark's 1,000 a second form groups of a few, which never wait. Real time, not the
    /// clock's: it paces the grains, it is not a time of the domain.
    /// </summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(20);

    Task GroupedCalls<StoredReport>.ITarget.BeforeNextAsync(int carried) => carried >= GatherAfter ? Task.Delay(GatherFor) : Task.CompletedTask;

    /// <summary>
    /// Reloads units from storage after a failed write, in the background, until each has reloaded: a unit whose silo
    /// died answers only once Orleans has declared that silo dead, and it then activates on a survivor, from the log.
    /// Until then it is tried again, less and less often; nobody else would call a quiet unit, and its parent would go
    /// on summing what it held before.
    /// </summary>
    public void Repair(IReadOnlyList<IUnitGrain> units) => _ = RepairAsync(units);

    private async Task RepairAsync(IReadOnlyList<IUnitGrain> units)
    {
        var pending = units;
        var delay = RepairFirstDelay;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var failed = new List<IUnitGrain>();
            await Task.WhenAll(pending.Select(async unit =>
            {
                try
                {
                    await unit.ReloadAsync();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    lock (failed)
                    {
                        failed.Add(unit);
                    }
                }
            }));
            if (failed.Count > 0 && attempt == RepairAttempts)
            {
                RepairAbandoned(_logger, failed.Count, RepairAttempts);
                return;
            }

            pending = failed;
            if (pending.Count > 0)
            {
                await Task.Delay(delay, _time);
                delay = TimeSpan.FromTicks(Math.Min(2 * delay.Ticks, RepairLongestDelay.Ticks));
            }
        }
    }

    /// <summary>Each grid's share of the reports, in the reports' order.</summary>
    private static Dictionary<string, List<StoredReport>> ByGrid(IReadOnlyList<StoredReport> reports)
    {
        var byGrid = new Dictionary<string, List<StoredReport>>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            if (!byGrid.TryGetValue(report.Report.GridId, out var share))
            {
                byGrid[report.Report.GridId] = share = [];
            }

            share.Add(report);
        }

        return byGrid;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reports} stored reports could not be handed to their {Grids} grids; the grids read them from the log instead.")]
    private static partial void HandOverFailed(ILogger logger, int reports, int grids, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Units} units could not be reloaded after a failed write in {Attempts} attempts; they count what the log holds when they next activate.")]
    private static partial void RepairAbandoned(ILogger logger, int units, int attempts);
}

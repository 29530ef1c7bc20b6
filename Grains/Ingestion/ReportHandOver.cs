using Grains.Interfaces;
using Grains.Organisation;
using Grains.Units;
using Orleans;

namespace Grains.Ingestion;

/// <summary>
/// Hands stored reports to their grids: each grid's share in one call, then the grids' updates up the tree a level at
/// a time (<see cref="UpdateRelay"/>). Reports go in groups, those stored while the previous group is on its way
/// together in the next (<see cref="GroupedCalls{T}"/>): ten thousand single reports a second cost the district a turn
/// per group, not one each, and a grid in four batches stored together takes one call, not four.
/// </summary>
internal sealed class ReportHandOver : GroupedCalls<StoredReport>.ITarget
{
    private readonly IGrainFactory _grains;
    private readonly OrganisationTree _organisation;
    private readonly GroupedCalls<StoredReport> _groups;

    public ReportHandOver(IGrainFactory grains, OrganisationTree organisation)
    {
        _grains = grains;
        _organisation = organisation;
        _groups = new GroupedCalls<StoredReport>(this);
    }

    /// <summary>
    /// Hands over stored reports with the next group; completes when their group has reached every level. When that
    /// fails, nobody can tell how far the group got, so its grids are reloaded from the log (where the reports are),
    /// which makes their parents sum them afresh; then the failure goes on to the caller, whose retry is a duplicate.
    /// </summary>
    public Task HandOverAsync(IReadOnlyList<StoredReport> reports) => _groups.SendAsync(reports);

    private async Task HandOverGroupAsync(IReadOnlyList<StoredReport> reports)
    {
        var byGrid = ByGrid(reports);
        try
        {
            var updates = await Task.WhenAll(byGrid.Select(share => _grains.GetGrain<IGridGrain>(share.Key).CountActivitiesAsync(share.Value)));
            await UpdateRelay.SendUpAsync(_grains, _organisation, updates);
        }
        catch
        {
            await ReloadQuietlyAsync([.. byGrid.Keys.Select(gridId => _grains.GetGrain<IGridGrain>(gridId))]);
            throw;
        }
    }

    Task GroupedCalls<StoredReport>.ITarget.CallAsync(IReadOnlyList<StoredReport> items) => HandOverGroupAsync(items);

    /// <summary>Reloads units from storage after a failed write; a unit that cannot be reached reloads when it activates elsewhere.</summary>
    public static async Task ReloadQuietlyAsync(IReadOnlyList<IUnitGrain> units)
    {
        try
        {
            await Task.WhenAll(units.Select(unit => unit.ReloadAsync()));
        }
        catch
        {
            // The grid's silo is gone too: the grid activates elsewhere from the log, and announces itself there.
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
}

using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Units;

namespace Grains.Queries;

/// <summary>Reads of units for the API: snapshots and the workers of a subtree.</summary>
public sealed class UnitQueries(OrganisationTree organisation, UnitReferences units, ReportHandOver handOver)
{
    /// <summary>
    /// The unit's snapshot, or null for an unknown unit; it holds every report this process has answered before the
    /// read began (their hand-over may still be on its way when the answer goes out).
    /// </summary>
    public async Task<UnitSnapshot?> GetSnapshotAsync(string unitId)
    {
        if (organisation.FindUnit(unitId) is not { } unit)
        {
            return null;
        }

        await handOver.HandedOverAsync();
        return await units.Of(unit).GetSnapshotAsync();
    }

    /// <summary>The workers in the unit's subtree, or null for an unknown unit.</summary>
    public async Task<IReadOnlyList<WorkerView>?> GetWorkersAsync(string unitId)
    {
        if (organisation.FindUnit(unitId) is null)
        {
            return null;
        }

        var perGrid = await Task.WhenAll(organisation.GridsUnder(unitId).Select(g => units.Grid(g.Id).GetWorkersAsync()));
        return [.. perGrid.SelectMany(w => w)];
    }
}

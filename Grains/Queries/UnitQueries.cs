using Grains.Interfaces;
using Grains.Organisation;
using Grains.Units;
using Orleans;

namespace Grains.Queries;

/// <summary>Reads of units for the API: snapshots and the workers of a subtree.</summary>
public sealed class UnitQueries(OrganisationTree organisation, IGrainFactory grains)
{
    /// <summary>The unit's snapshot, or null for an unknown unit.</summary>
    public async Task<UnitSnapshot?> GetSnapshotAsync(string unitId) =>
        organisation.FindUnit(unitId) is { } unit ? await grains.GetUnitGrain(unit).GetSnapshotAsync() : null;

    /// <summary>The workers in the unit's subtree, or null for an unknown unit.</summary>
    public async Task<IReadOnlyList<WorkerView>?> GetWorkersAsync(string unitId)
    {
        if (organisation.FindUnit(unitId) is null)
        {
            return null;
        }

        var perGrid = await Task.WhenAll(organisation.GridsUnder(unitId).Select(g => grains.GetGrain<IGridGrain>(g.Id).GetWorkersAsync()));
        return [.. perGrid.SelectMany(w => w)];
    }
}

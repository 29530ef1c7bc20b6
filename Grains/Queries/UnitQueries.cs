using Grains.Interfaces;

namespace Grains.Queries;

/// <summary>Reads of units for the API: snapshots and the workers of a subtree.</summary>
public sealed class UnitQueries
{
    /// <summary>The unit's snapshot, or null for an unknown unit.</summary>
    public Task<UnitSnapshot?> GetSnapshotAsync(string unitId) => throw new NotImplementedException();

    /// <summary>The workers in the unit's subtree, or null for an unknown unit.</summary>
    public Task<IReadOnlyList<WorkerView>?> GetWorkersAsync(string unitId) => throw new NotImplementedException();
}

using Silo;

namespace Grains.Interfaces;

/// <summary>What every unit grain answers, whatever its level. Keyed by unit id.</summary>
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>The unit's snapshot at the current time (spec 3.1).</summary>
    Task<UnitSnapshot> GetSnapshotAsync();
}

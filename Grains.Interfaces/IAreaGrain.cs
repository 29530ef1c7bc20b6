namespace Grains.Interfaces;

/// <summary>
/// A community, street or district: a unit whose numbers are the sum of its children's. It takes each child's
/// update, applies it and passes its own update up to its parent. Keyed by unit id.
/// </summary>
public interface IAreaGrain : IUnitGrain
{
    /// <summary>Applies a child's update: adds its deltas and replaces its live counts.</summary>
    Task ApplyChildUpdateAsync(UnitUpdate update);
}

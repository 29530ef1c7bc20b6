using Orleans;

namespace Grains.Interfaces;

/// <summary>
/// A community, street or district: a unit whose numbers are the sum of its children's. It takes each child's
/// update, applies it and passes its own update up to its parent. Keyed by unit id.
/// </summary>
public interface IAreaGrain : IUnitGrain
{
    /// <summary>Applies a child's update: adds its deltas and replaces its live counts; then updates the parent.</summary>
    Task ApplyChildUpdateAsync(UnitUpdate update);

    /// <summary>
    /// Applies several children's updates in one turn and hands its own update (their deltas summed) back instead of
    /// sending it, so that a batch's updates travel up the tree together.
    /// </summary>
    Task<UnitUpdate> ApplyChildUpdatesAsync(IReadOnlyList<UnitUpdate> updates);
}

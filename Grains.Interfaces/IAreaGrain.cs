using Orleans;

namespace Grains.Interfaces;

/// <summary>
/// A community, street or district: a unit whose numbers are the sum of its children's. It takes each child's
/// update, applies it and passes its own update up to its parent. Keyed by unit id.
/// </summary>
public interface IAreaGrain : IUnitGrain
{
    /// <summary>
    /// Applies a child's updates, oldest first (several when the child made them while its previous call was out): adds
    /// their deltas and takes their live counts; then updates the parent. Completes once the parent has the update.
    /// </summary>
    Task ApplyChildUpdatesAsync(IReadOnlyList<UnitUpdate> updates);

    /// <summary>
    /// Applies several children's updates in one turn and hands its own update (their deltas summed) back instead of
    /// sending it, so that a batch's updates travel up the tree together.
    /// </summary>
    Task<UnitUpdate> TakeChildUpdatesAsync(IReadOnlyList<UnitUpdate> updates);
}

using Grains.Interfaces;

namespace Grains.Units;

/// <summary>
/// How a unit's updates go up to its parent: through the unit's <see cref="GroupedCalls{T}"/>, so that the updates
/// made while a call is out go together in the next one, and a write is still answered only once every level has it.
/// </summary>
/// <remarks>
/// The updates of one call keep their own versions, so a parent that summed the unit in between skips exactly the ones
/// its sum already holds. The epoch is stamped when a call leaves, so updates queued behind a failed call go under the
/// new epoch the failure made and make the parent sum the unit afresh.
/// </remarks>
internal static class ParentLink
{
    /// <summary>
    /// Calls <paramref name="parent"/> with <paramref name="updates"/> under <paramref name="epoch"/>. When the call
    /// fails the parent may or may not have them: <paramref name="failed"/> takes a new epoch for the unit, so that its
    /// next update makes the parent sum it afresh instead of adding deltas to a sum nobody can trust.
    /// </summary>
    public static async Task CallAsync(IAreaGrain parent, IReadOnlyList<UnitUpdate> updates, long epoch, Action failed)
    {
        try
        {
            var stamped = updates.All(update => update.Epoch == epoch)
                ? updates
                : [.. updates.Select(update => update.Epoch == epoch ? update : update with { Epoch = epoch })];
            await parent.ApplyChildUpdatesAsync(stamped);
        }
        catch
        {
            failed();
            throw;
        }
    }
}

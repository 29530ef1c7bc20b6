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
    /// <summary>How long a unit whose parent call failed waits before it announces itself again.</summary>
    public static readonly TimeSpan AnnounceAgainAfter = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Calls <paramref name="parent"/> with <paramref name="updates"/> under <paramref name="epoch"/>. When the call
    /// fails the parent may or may not have them: <paramref name="failed"/> takes a new epoch for the unit, so that its
    /// next update makes the parent sum it afresh instead of adding deltas to a sum nobody can trust; and the unit
    /// announces itself again a moment later, through <paramref name="self"/>, since a quiet unit may send no next
    /// update. A parent whose silo died answers once Orleans has declared the silo dead and the parent activated on a
    /// survivor; until then each announcement fails and makes the next.
    /// </summary>
    public static async Task CallAsync(IAreaGrain parent, IReadOnlyList<UnitUpdate> updates, long epoch, Action failed, IUnitGrain self)
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
            _ = AnnounceLaterAsync(self);
            throw;
        }
    }

    private static async Task AnnounceLaterAsync(IUnitGrain self)
    {
        await Task.Delay(AnnounceAgainAfter);
        try
        {
            await self.AnnounceAsync();
        }
        catch
        {
            // The announcement's own failed call made the next one.
        }
    }
}

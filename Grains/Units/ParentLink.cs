using Grains.Interfaces;

namespace Grains.Units;

/// <summary>
/// The way a unit's updates go up to its parent: one call at a time, and the updates made while a call is out go
/// together in the next one. A district taking ten thousand reports a second then takes a call per street and round
/// trip, not one per report. Each caller's task completes when the call that carried its update has been answered, so a
/// write is still answered only once every level has it.
/// </summary>
/// <remarks>
/// The updates of one call keep their own versions, so a parent that summed the unit in between skips exactly the ones
/// its sum already holds. The epoch is stamped when a call leaves (<paramref name="send"/> does it), so updates queued
/// behind a failed call go under the new epoch the failure made and make the parent sum the unit afresh.
/// </remarks>
/// <param name="unit">The unit, which calls its parent (a reference, not a delegate: a unit grain is small, and there are many).</param>
internal sealed class ParentLink(ParentLink.IUnit unit)
{
    // Made at the first update, and again after each call: most units of a big organisation are quiet.
    private List<UnitUpdate>? _queued;
    private TaskCompletionSource? _queuedSent;
    private bool _sending;

    /// <summary>Sends <paramref name="update"/> with the next call; completes when that call is answered, or fails with it.</summary>
    public Task SendAsync(UnitUpdate update)
    {
        (_queued ??= []).Add(update);
        _queuedSent ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = _queuedSent.Task;
        if (!_sending)
        {
            _sending = true;
            _ = PumpAsync();
        }

        return sent;
    }

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

    /// <summary>Sends what is queued, call after call, until nothing is; each caller hears of its own call only.</summary>
    private async Task PumpAsync()
    {
        while (_queued is { } updates)
        {
            var sent = _queuedSent!;
            _queued = null;
            _queuedSent = null;
            try
            {
                await unit.CallParentAsync(updates);
                sent.SetResult();
            }
            catch (Exception exception)
            {
                sent.SetException(exception);
            }
        }

        _sending = false;
    }

    /// <summary>The unit whose updates the link sends.</summary>
    public interface IUnit
    {
        /// <summary>Sends updates to the parent, oldest first (<see cref="CallAsync"/>, under the unit's epoch).</summary>
        Task CallParentAsync(IReadOnlyList<UnitUpdate> updates);
    }
}

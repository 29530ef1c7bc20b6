using System.Runtime.CompilerServices;

namespace Silo.Runtime;

/// <summary>
/// The turn of one activation: one holder at a time, waiters served first in, first out. A turn that ends passes
/// straight to the next waiter. On a thread-pool thread that waiter's continuation runs on the same thread, a few
/// levels deep at most, rather than being queued to the pool: a busy grain (the district, which every report reaches)
/// then hands its turn on without a thread hop and a wake-up each time (issue 4).
/// </summary>
internal sealed class TurnGate
{
    /// <summary>How many handed-over turns may run nested on one thread before the next goes through the pool.</summary>
    internal const int MaxInlineDepth = 8;

    [ThreadStatic]
    private static int _inlineDepth;

    private readonly Lock _gate = new();
    private readonly Queue<Waiter> _waiters = new();
    private bool _held;

    /// <summary>Completes when the caller holds the turn; at once when nobody does.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        Waiter waiter;
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                return ValueTask.CompletedTask;
            }

            waiter = new Waiter();
            _waiters.Enqueue(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.CancelWith(cancellationToken);
        }

        return new ValueTask(waiter.Task);
    }

    /// <summary>Ends the caller's turn: the next waiter that has not given up holds it from now on.</summary>
    public void Release()
    {
        while (true)
        {
            Waiter? next;
            lock (_gate)
            {
                if (!_waiters.TryDequeue(out next))
                {
                    _held = false;
                    return;
                }
            }

            if (next.TryTake())
            {
                Grant(next);
                return;
            }
        }
    }

    private static void Grant(Waiter waiter)
    {
        if (_inlineDepth < MaxInlineDepth && !ThreadPoolHop.IsNeeded && RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            RunNested(waiter);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static w => RunNested(w), waiter, preferLocal: false);
        }
    }

    private static void RunNested(Waiter waiter)
    {
        _inlineDepth++;
        try
        {
            waiter.Complete();
        }
        finally
        {
            _inlineDepth--;
        }
    }

    /// <summary>A queued caller. Its continuation runs where <see cref="Complete"/> is called, hence no asynchronous continuations.</summary>
    private sealed class Waiter
    {
        private readonly TaskCompletionSource _granted = new();
        private CancellationTokenRegistration _cancellation;
        private int _state;

        public Task Task => _granted.Task;

        /// <summary>True when the turn is this waiter's; false when it gave up first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public void Complete()
        {
            _cancellation.Dispose();
            _granted.SetResult();
        }

        public void CancelWith(CancellationToken cancellationToken) =>
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var waiter = (Waiter)state!;
                    if (Interlocked.CompareExchange(ref waiter._state, 2, 0) == 0)
                    {
                        waiter._granted.SetCanceled(token);
                    }
                },
                this);
    }
}

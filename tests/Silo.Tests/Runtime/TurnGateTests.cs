using Silo.Runtime;

namespace Silo.Tests.Runtime;

public sealed class TurnGateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_free_turn_is_taken_at_once_and_a_held_one_is_waited_for()
    {
        var gate = new TurnGate();

        var first = gate.WaitAsync().AsTask();
        var second = gate.WaitAsync().AsTask();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        gate.Release();
        await second.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_released_turn_passes_to_the_waiters_in_arrival_order()
    {
        var gate = new TurnGate();
        await gate.WaitAsync();
        var waiters = Enumerable.Range(0, 5).Select(_ => gate.WaitAsync().AsTask()).ToArray();

        for (var i = 0; i < waiters.Length; i++)
        {
            gate.Release();
            await waiters[i].WaitAsync(Timeout);
            Assert.All(waiters[(i + 1)..], waiter => Assert.False(waiter.IsCompleted));
        }
    }

    [Fact]
    public async Task A_cancelled_waiter_gives_up_and_the_turn_goes_to_the_next()
    {
        var gate = new TurnGate();
        await gate.WaitAsync();
        using var cancellation = new CancellationTokenSource();
        var cancelled = gate.WaitAsync(cancellation.Token).AsTask();
        var next = gate.WaitAsync().AsTask();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        gate.Release();

        await next.WaitAsync(Timeout);
        Assert.False(gate.WaitAsync().AsTask().IsCompleted);
    }

    [Fact]
    public async Task On_a_thread_pool_thread_the_next_waiter_runs_on_the_releasing_thread_before_release_returns()
    {
        var gate = new TurnGate();
        await gate.WaitAsync();
        var ranOn = 0;
        var waiter = Continue(gate, () => ranOn = Environment.CurrentManagedThreadId);

        var (releasedOn, ranBeforeReturn) = await Task.Run(() =>
        {
            gate.Release();
            return (Environment.CurrentManagedThreadId, ranOn != 0);
        }).WaitAsync(Timeout);

        await waiter.WaitAsync(Timeout);
        Assert.True(ranBeforeReturn);
        Assert.Equal(releasedOn, ranOn);
    }

    [Fact]
    public async Task Off_the_thread_pool_the_next_waiter_runs_on_the_thread_pool()
    {
        var gate = new TurnGate();
        await gate.WaitAsync();
        var ranOnThreadPool = false;
        var waiter = Continue(gate, () => ranOnThreadPool = Thread.CurrentThread.IsThreadPoolThread);
        var releaser = new Thread(gate.Release);

        releaser.Start();
        releaser.Join();

        await waiter.WaitAsync(Timeout);
        Assert.True(ranOnThreadPool);
    }

    [Fact]
    public async Task Turns_passed_on_inline_nest_at_most_a_few_levels_and_all_run()
    {
        var gate = new TurnGate();
        await gate.WaitAsync();
        using var depth = new ThreadLocal<int>();
        var deepest = 0;
        var waiters = Enumerable.Range(0, 50).Select(_ => Continue(gate, () =>
        {
            deepest = Math.Max(deepest, ++depth.Value);
            gate.Release();
            depth.Value--;
        })).ToArray();

        await Task.Run(gate.Release).WaitAsync(Timeout);

        await Task.WhenAll(waiters).WaitAsync(Timeout);
        Assert.InRange(deepest, 1, TurnGate.MaxInlineDepth);
    }

    [Fact]
    public async Task Contending_callers_never_hold_the_turn_together()
    {
        var gate = new TurnGate();
        var inside = 0;
        var overlaps = 0;
        var entries = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                await gate.WaitAsync();
                if (Interlocked.Increment(ref inside) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                entries++;
                if (i % 100 == 0)
                {
                    await Task.Yield();
                }

                Interlocked.Decrement(ref inside);
                gate.Release();
            }
        }))).WaitAsync(Timeout);

        Assert.Equal(0, overlaps);
        Assert.Equal(16_000, entries);
    }

    /// <summary>Waits for the turn, then runs <paramref name="turn"/> synchronously in the waiter's continuation.</summary>
    private static async Task Continue(TurnGate gate, Action turn)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        turn();
    }
}

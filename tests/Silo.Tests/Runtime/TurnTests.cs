namespace Silo.Tests.Runtime;

public sealed class TurnTests
{
    [Fact]
    public async Task Ten_thousand_concurrent_increments_lose_nothing()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<CounterGrain>());

        var increments = Enumerable.Range(0, 10_000)
            .Select(i => Task.Run(() => silo.Grains.GetGrain<ICounterGrain>("c1").IncrementAsync()));
        var results = await Task.WhenAll(increments);

        Assert.Equal(10_000, await silo.Grains.GetGrain<ICounterGrain>("c1").GetAsync());
        Assert.Equal(Enumerable.Range(1, 10_000), results.Order());
    }

    [Fact]
    public async Task Concurrent_first_calls_create_one_activation_per_key()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<CounterGrain>());
        var keys = Enumerable.Range(0, 20).Select(i => $"k{i}").ToArray();
        using var start = new Barrier(8);

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            foreach (var key in keys)
            {
                await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => silo.Grains.GetGrain<ICounterGrain>(key).IncrementAsync()));
            }
        }));
        await Task.WhenAll(callers);

        Assert.All(keys, key => Assert.Equal(1, silo.Probe.Count("constructed", key)));
        Assert.All(keys, key => Assert.Equal(1, silo.Probe.Count("activated", key)));
        Assert.Equal(keys.Length, silo.Runtime.ActivationCount);
        foreach (var key in keys)
        {
            Assert.Equal(80, await silo.Grains.GetGrain<ICounterGrain>(key).GetAsync());
        }
    }

    [Fact]
    public async Task Turns_of_one_activation_never_overlap_across_awaits()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<TurnGrain>());
        var grain = silo.Grains.GetGrain<ITurnGrain>("t1");

        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => grain.WorkAsync())));

        Assert.Equal(500, silo.Probe.Count("call", "t1"));
        Assert.Equal(0, silo.Probe.Overlaps);
    }

    [Fact]
    public async Task Different_keys_run_in_parallel()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<TurnGrain>());

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => silo.Grains.GetGrain<ITurnGrain>($"t{i % 20}").WorkAsync())));

        Assert.True(silo.Probe.Overlaps > 0, "turns of different activations are expected to overlap");
    }

    [Fact]
    public async Task Grain_code_runs_on_the_thread_pool_without_the_callers_context()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<CounterGrain>());
        var grain = silo.Grains.GetGrain<ICounterGrain>("c1");
        var context = new CountingSynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task<bool> call;
        try
        {
            call = grain.RunsOnThreadPoolAsync();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        Assert.True(await call.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(0, context.Posts);
    }

    private sealed class CountingSynchronizationContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            base.Post(d, state);
        }
    }
}

namespace Silo.Tests.Runtime;

public sealed class CollectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_idle_activation_is_deactivated_and_a_later_call_reactivates_it_with_its_state()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<StoredCounterGrain>());
        var grain = silo.Grains.GetGrain<IStoredCounterGrain>("g1");
        await grain.IncrementAsync();
        await grain.IncrementAsync();

        silo.Clock.Advance(TimeSpan.FromMinutes(11));
        await silo.Probe.WaitForAsync("deactivated:Idle", "g1");
        var count = await grain.IncrementAsync();

        Assert.Equal(3, count);
        Assert.Equal(1, silo.Probe.Count("activated-with:0", "g1"));
        Assert.Equal(1, silo.Probe.Count("activated-with:2", "g1"));
        Assert.Equal(1, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task An_activation_called_within_its_age_is_not_collected()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<StoredCounterGrain>());
        var grain = silo.Grains.GetGrain<IStoredCounterGrain>("g1");

        for (var minute = 0; minute < 30; minute++)
        {
            await grain.IncrementAsync();
            silo.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await silo.StopAsync();
        Assert.Equal(["activated-with:0", "deactivated:ShuttingDown"], silo.Probe.Kinds("g1"));
    }

    [Fact]
    public async Task An_always_active_grain_is_never_collected_and_a_class_age_limit_overrides_the_silos()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<PinnedCounterGrain>().AddGrain<ShortLivedCounterGrain>());
        await silo.Grains.GetGrain<IPinnedCounterGrain>("p1").IncrementAsync();
        await silo.Grains.GetGrain<IShortLivedCounterGrain>("s1").IncrementAsync();

        silo.Clock.Advance(TimeSpan.FromMinutes(3));
        await silo.Probe.WaitForAsync("deactivated:Idle", "s1");
        silo.Clock.Advance(TimeSpan.FromHours(2));
        var pinnedCount = await silo.Grains.GetGrain<IPinnedCounterGrain>("p1").IncrementAsync();

        Assert.Equal(2, pinnedCount);
        Assert.Equal(["activated-with:0"], silo.Probe.Kinds("p1"));
    }

    [Fact]
    public async Task DeactivateOnIdle_deactivates_after_the_turn_and_the_next_call_gets_a_fresh_activation()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<StoredCounterGrain>());
        var grain = silo.Grains.GetGrain<IStoredCounterGrain>("g1");

        var count = await grain.IncrementAndDeactivateAsync();
        await silo.Probe.WaitForAsync("deactivated:Requested", "g1");
        var next = await grain.IncrementAsync();

        Assert.Equal(1, count);
        Assert.Equal(2, next);
        Assert.Equal(["activated-with:0", "deactivated:Requested", "activated-with:1"], silo.Probe.Kinds("g1"));
    }

    [Fact]
    public async Task Calls_racing_with_deactivations_are_all_served()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<StoredCounterGrain>());

        var calls = Enumerable.Range(0, 2_000).Select(i => Task.Run(() =>
        {
            var grain = silo.Grains.GetGrain<IStoredCounterGrain>("g1");
            return i % 50 == 0 ? grain.IncrementAndDeactivateAsync() : grain.IncrementAsync();
        }));
        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(1, 2_000), results.Order());
        Assert.Equal(2_000, await silo.Grains.GetGrain<IStoredCounterGrain>("g1").GetAsync());
        await silo.Probe.WaitForAsync("deactivated:Requested", "g1");
    }

    [Fact]
    public async Task Timer_ticks_do_not_keep_an_activation_alive_and_its_timers_end_with_it()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<TimerGrain>());
        var collectorTimers = silo.Clock.ActiveTimerCount;
        await silo.Grains.GetGrain<ITimerGrain>("t1").StartPeriodicAsync(TimeSpan.FromSeconds(30));

        for (var minute = 1; minute <= 10; minute++)
        {
            silo.Clock.Advance(TimeSpan.FromMinutes(1));
            await silo.Probe.WaitForAsync("tick", "t1", minute);
        }

        silo.Clock.Advance(TimeSpan.FromMinutes(1));
        await silo.Probe.WaitForAsync("deactivated:Idle", "t1");

        Assert.Equal(collectorTimers, silo.Clock.ActiveTimerCount);
    }

    [Fact]
    public async Task Stopping_the_silo_deactivates_every_activation_and_stops_every_timer()
    {
        var silo = await TestSilo.StartAsync(b => b.AddGrain<TimerGrain>());
        await using var _ = silo;
        await silo.Grains.GetGrain<ITimerGrain>("t1").StartPeriodicAsync(TimeSpan.FromSeconds(30));
        await silo.Grains.GetGrain<ITimerGrain>("t2").StartPeriodicAsync(TimeSpan.FromSeconds(30));

        await silo.StopAsync().WaitAsync(Timeout);

        Assert.Equal(1, silo.Probe.Count("deactivated:ShuttingDown", "t1"));
        Assert.Equal(1, silo.Probe.Count("deactivated:ShuttingDown", "t2"));
        Assert.Equal(0, silo.Clock.ActiveTimerCount);
        Assert.Equal(0, silo.Runtime.ActivationCount);
    }
}

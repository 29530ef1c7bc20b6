namespace Silo.Tests.Runtime;

public sealed class GrainTimerTests
{
    [Fact]
    public async Task A_periodic_timer_ticks_once_per_period_as_the_clock_moves()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<TimerGrain>());
        var grain = silo.Grains.GetGrain<ITimerGrain>("t1");
        await grain.StartPeriodicAsync(TimeSpan.FromSeconds(10));

        silo.Clock.Advance(TimeSpan.FromSeconds(9));
        var ticksBeforeDue = await grain.GetTicksAsync();
        for (var tick = 1; tick <= 3; tick++)
        {
            silo.Clock.Advance(TimeSpan.FromSeconds(10));
            await silo.Probe.WaitForAsync("tick", "t1", tick);
        }

        Assert.Equal(0, ticksBeforeDue);
        Assert.Equal(3, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task A_one_shot_timer_ticks_once()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<TimerGrain>());
        var grain = silo.Grains.GetGrain<ITimerGrain>("t1");
        var collectorTimers = silo.Clock.ActiveTimerCount;
        await grain.StartOneShotAsync(TimeSpan.FromSeconds(5));

        silo.Clock.Advance(TimeSpan.FromSeconds(5));
        await silo.Probe.WaitForAsync("tick", "t1");
        silo.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(collectorTimers, silo.Clock.ActiveTimerCount);
        Assert.Equal(1, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task A_disposed_timer_stops_ticking()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<TimerGrain>());
        var grain = silo.Grains.GetGrain<ITimerGrain>("t1");
        var collectorTimers = silo.Clock.ActiveTimerCount;
        await grain.StartPeriodicAsync(TimeSpan.FromSeconds(10));
        silo.Clock.Advance(TimeSpan.FromSeconds(10));
        await silo.Probe.WaitForAsync("tick", "t1");

        await grain.StopTimerAsync();
        silo.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(collectorTimers, silo.Clock.ActiveTimerCount);
        Assert.Equal(1, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task Timer_ticks_interleave_with_calls_as_turns_and_never_overlap_them()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<TurnGrain>());
        var grain = silo.Grains.GetGrain<ITurnGrain>("t1");
        await grain.StartTimerAsync(TimeSpan.FromSeconds(1));

        var calls = new List<Task>();
        for (var wave = 1; wave <= 20; wave++)
        {
            calls.AddRange(Enumerable.Range(0, 15).Select(_ => Task.Run(grain.WorkAsync)));
            await silo.Probe.WaitForAsync("call", "t1", (15 * (wave - 1)) + 1);
            silo.Clock.Advance(TimeSpan.FromSeconds(1));
            await silo.Probe.WaitForAsync("tick", "t1", wave);
        }

        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(15));
        var turns = silo.Probe.Kinds("t1");
        var callsBetweenTicks = string.Join(",", turns).Split("tick")[1..^1];
        Assert.Equal(0, silo.Probe.Overlaps);
        Assert.Equal(300, turns.Count(k => k == "call"));
        Assert.Equal(20, turns.Count(k => k == "tick"));
        Assert.All(callsBetweenTicks, between => Assert.Contains("call", between, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_timer_callback_is_logged_and_the_timer_keeps_ticking()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<TimerGrain>());
        var grain = silo.Grains.GetGrain<ITimerGrain>("t1");
        await grain.StartFailingAsync(TimeSpan.FromSeconds(10));

        silo.Clock.Advance(TimeSpan.FromSeconds(10));
        var entry = await silo.Log.WaitForExceptionAsync<InvalidOperationException>();
        silo.Clock.Advance(TimeSpan.FromSeconds(10));
        await silo.Probe.WaitForAsync("tick", "t1", 2);

        Assert.Contains("t1", entry.Message, StringComparison.Ordinal);
        Assert.Equal(2, await grain.GetTicksAsync());
    }
}

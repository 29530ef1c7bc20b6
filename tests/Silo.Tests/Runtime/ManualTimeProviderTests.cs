using TestSupport;

namespace Silo.Tests.Runtime;

public sealed class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_clock_moves_only_when_told()
    {
        var clock = new ManualTimeProvider(Start);
        var timestamp = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromMinutes(90));
        clock.SetUtcNow(Start.AddHours(2));

        Assert.Equal(Start.AddHours(2), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromHours(2), clock.GetElapsedTime(timestamp));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void Local_time_follows_the_zone_set()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 15, 59, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(new DateTime(2026, 3, 2, 0, 1, 0), clock.GetLocalNow().DateTime);
    }

    [Fact]
    public void A_one_shot_timer_fires_once_at_its_due_time_with_the_clock_there()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(9));
        var firedEarly = fired.Count;
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, firedEarly);
        Assert.Equal([Start.AddSeconds(10)], fired);
        Assert.Equal(Start.AddSeconds(9).AddMinutes(10), clock.GetUtcNow());
    }

    [Fact]
    public void A_periodic_timer_fires_once_for_every_period_passed()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(36));

        Assert.Equal([Start.AddSeconds(5), Start.AddSeconds(15), Start.AddSeconds(25), Start.AddSeconds(35)], fired);
    }

    [Fact]
    public void Timers_fire_in_due_time_order()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var periodic = clock.CreateTimer(_ => fired.Add("periodic"), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));

        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["early", "periodic", "late", "periodic"], fired);
    }

    [Fact]
    public void Change_reschedules_from_now_and_Dispose_stops_the_timer()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(4));

        var changed = timer.Change(TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(40));
        timer.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        timer.Dispose();
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(changed);
        Assert.Equal([Start.AddSeconds(34)], fired);
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        Assert.Equal(0, clock.ActiveTimerCount);
    }

    [Fact]
    public void A_timer_due_now_fires_at_once()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = 0;

        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.Equal(1, fired);
    }

    [Fact]
    public void A_callback_may_rearm_its_own_timer()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = new List<DateTimeOffset>();
        ITimer? timer = null;
        timer = clock.CreateTimer(
            _ =>
            {
                fired.Add(clock.GetUtcNow());
                timer!.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromSeconds(5),
            Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal([Start.AddSeconds(5), Start.AddSeconds(10)], fired);
        timer.Dispose();
    }

    [Fact]
    public async Task Task_Delay_on_the_manual_clock_completes_when_the_clock_passes_it()
    {
        var clock = new ManualTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromMinutes(1), clock);

        clock.Advance(TimeSpan.FromSeconds(59));
        var completedEarly = delay.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(completedEarly);
        await delay.WaitAsync(TimeSpan.FromSeconds(15));
    }
}

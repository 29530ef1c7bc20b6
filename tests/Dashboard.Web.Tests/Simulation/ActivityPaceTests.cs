using Dashboard.Web.Simulation;

namespace Dashboard.Web.Tests.Simulation;

public sealed class ActivityPaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nothing_is_due_on_the_first_tick()
    {
        var pace = new ActivityPace(20);

        Assert.Equal(0, pace.Due(Start));
    }

    [Fact]
    public void Activities_follow_the_rate_over_many_ticks()
    {
        var pace = new ActivityPace(20);
        pace.Due(Start);

        var total = Enumerable.Range(1, 50).Sum(tick => pace.Due(Start.AddMilliseconds(100 * tick)));

        Assert.InRange(total, 99, 100);
    }

    [Fact]
    public void A_rate_below_one_per_tick_carries_its_fraction_over()
    {
        var pace = new ActivityPace(0.5);
        pace.Due(Start);

        var perTick = Enumerable.Range(1, 10).Select(tick => pace.Due(Start.AddSeconds(tick))).ToList();

        Assert.Equal(5, perTick.Sum());
        Assert.All(perTick, due => Assert.InRange(due, 0, 1));
    }

    [Fact]
    public void A_long_pause_is_not_made_up_for()
    {
        var pace = new ActivityPace(10);
        pace.Due(Start);

        var due = pace.Due(Start.AddHours(1));

        Assert.Equal(10, due);
    }
}

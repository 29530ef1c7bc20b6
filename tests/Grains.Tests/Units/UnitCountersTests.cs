using Grains.Interfaces;
using Grains.Units;

namespace Grains.Tests.Units;

public sealed class UnitCountersTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    [Fact]
    public void The_same_deltas_in_any_order_give_the_same_counts()
    {
        // Arrange
        var random = new Random(7);
        var deltas = Enumerable.Range(0, 300)
            .Select(_ => new HourDelta(Today.AddDays(-random.Next(0, 70)), random.Next(24), Visits(random.Next(1, 5))))
            .ToList();
        var inOrder = new UnitCounters();
        var shuffled = new UnitCounters();

        // Act
        deltas.ForEach(inOrder.Apply);
        deltas.OrderBy(_ => random.Next()).ToList().ForEach(shuffled.Apply);

        // Assert
        Assert.Equal(inOrder.Daily(Today), shuffled.Daily(Today));
        Assert.Equal(inOrder.Hourly(Today), shuffled.Hourly(Today));
        Assert.Equal(inOrder.Month(Today), shuffled.Month(Today));
        Assert.Equal(inOrder.Total(), shuffled.Total());
    }

    [Fact]
    public void Days_older_than_the_ring_count_only_in_the_total()
    {
        // Arrange
        var counters = new UnitCounters();

        // Act
        counters.Apply(new HourDelta(Today, 9, Visits(1)));
        counters.Apply(new HourDelta(Today.AddDays(-31), 9, Visits(5)));
        counters.Apply(new HourDelta(Today.AddDays(-30), 9, Visits(2)));

        // Assert
        var daily = counters.Daily(Today);
        Assert.Equal(31, daily.Count);
        Assert.Equal((Today.AddDays(-30), 2L), (daily[0].Date, daily[0].Visits));
        Assert.Equal((Today, 1L), (daily[^1].Date, daily[^1].Visits));
        Assert.Equal(8, counters.Total().Visits);
        Assert.Equal(1, counters.Hourly(Today)[9].Visits);
    }

    [Fact]
    public void The_month_sums_only_the_days_of_the_current_month()
    {
        // Arrange
        var counters = new UnitCounters();
        var firstOfApril = new DateOnly(2026, 4, 1);

        // Act
        counters.Apply(new HourDelta(firstOfApril.AddDays(-1), 23, Visits(4)));
        counters.Apply(new HourDelta(firstOfApril, 0, Visits(1)));

        // Assert
        Assert.Equal(1, counters.Month(firstOfApril).Visits);
        Assert.Equal(4, counters.Month(firstOfApril.AddDays(-1)).Visits);
    }

    private static WindowCounts Visits(long visits) => new(visits, visits, 0, 0, 0, 0, 0, 0);
}

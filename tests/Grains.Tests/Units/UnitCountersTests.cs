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
        for (var day = 0; day <= HourHistory.Days; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                Assert.Equal(inOrder.ReportsAt(Today.AddDays(-day), hour), shuffled.ReportsAt(Today.AddDays(-day), hour));
            }
        }
    }

    [Fact]
    public void A_surge_is_this_hours_reports_above_three_times_the_same_hours_average_over_the_28_days_before()
    {
        // Arrange: at 9:00, 2 reports yesterday, 4 a week ago, 8 four weeks ago, and 100 the day before that, which is
        // out of the window: the average is (2 + 4 + 8) / 28 = 0.5. Other hours do not count.
        var rule = new Grains.Hosting.SurgeOptions();
        var counters = new UnitCounters();
        counters.Apply(new HourDelta(Today.AddDays(-29), 9, Visits(100)));
        counters.Apply(new HourDelta(Today.AddDays(-28), 9, Visits(8)));
        counters.Apply(new HourDelta(Today.AddDays(-7), 9, Visits(4)));
        counters.Apply(new HourDelta(Today.AddDays(-7), 10, Visits(50)));
        counters.Apply(new HourDelta(Today.AddDays(-1), 9, Visits(2)));
        counters.Apply(new HourDelta(Today, 9, Visits(9)));
        var belowMinimum = counters.Surge(Today, 9, rule);

        // Act
        counters.Apply(new HourDelta(Today, 9, Visits(1)));
        var surge = counters.Surge(Today, 9, rule);

        // Assert
        Assert.Null(belowMinimum);
        Assert.Equal(new ReportSurge(Today, 9, 10, 0.5), surge);
        Assert.Null(counters.Surge(Today, 10, rule));
    }

    [Fact]
    public void Reports_no_more_than_three_times_the_average_are_no_surge()
    {
        // Arrange: 5 reports at 9:00 on each of the 28 days before today, an average of 5.
        var rule = new Grains.Hosting.SurgeOptions();
        var counters = new UnitCounters();
        for (var day = 28; day >= 1; day--)
        {
            counters.Apply(new HourDelta(Today.AddDays(-day), 9, Visits(5)));
        }

        counters.Apply(new HourDelta(Today, 9, Visits(15)));
        var atThreeTimes = counters.Surge(Today, 9, rule);

        // Act
        counters.Apply(new HourDelta(Today, 9, Visits(1)));

        // Assert
        Assert.Null(atThreeTimes);
        Assert.Equal(new ReportSurge(Today, 9, 16, 5), counters.Surge(Today, 9, rule));
    }

    [Fact]
    public void A_parent_summing_its_childrens_contributions_has_the_same_hours_of_the_four_weeks()
    {
        // Arrange
        var first = new UnitCounters();
        var second = new UnitCounters();
        first.Apply(new HourDelta(Today.AddDays(-20), 9, Visits(3)));
        first.Apply(new HourDelta(Today, 9, Visits(1)));
        second.Apply(new HourDelta(Today.AddDays(-20), 9, Visits(2)));
        second.Apply(new HourDelta(Today.AddDays(-1), 9, Visits(4)));
        second.Apply(new HourDelta(Today.AddDays(-3), 9, Visits(6)));

        // Act
        var parent = new UnitCounters();
        parent.Add(first.Export("a", LiveCounts.Empty, 1, 1));
        parent.Add(second.Export("b", LiveCounts.Empty, 1, 1));

        // Assert
        Assert.Equal((5, 4, 6, 1), (parent.ReportsAt(Today.AddDays(-20), 9), parent.ReportsAt(Today.AddDays(-1), 9), parent.ReportsAt(Today.AddDays(-3), 9), parent.ReportsAt(Today, 9)));
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

    [Fact]
    public void Every_day_of_the_ring_and_every_hour_of_two_days_are_kept()
    {
        // Arrange
        var counters = new UnitCounters();

        // Act: all 31 days, and every hour of today and yesterday, each with its own count.
        for (var day = 0; day < 31; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                counters.Apply(new HourDelta(Today.AddDays(-day), hour, Visits(day < 2 ? hour + 1 : day)));
            }
        }

        // Assert
        var daily = counters.Daily(Today);
        Assert.Equal(Enumerable.Range(0, 31).Select(i => 30 - i).Select(day => day < 2 ? 300L : 24L * day), daily.Select(d => d.Visits));
        Assert.Equal(Enumerable.Range(1, 24).Select(h => (long)h), counters.Hourly(Today).Select(h => h.Visits));
        Assert.Equal(Enumerable.Range(1, 24).Select(h => (long)h), counters.Hourly(Today.AddDays(-1)).Select(h => h.Visits));
        Assert.Equal(600 + (24L * Enumerable.Range(2, 29).Sum()), counters.Total().Visits);
    }

    [Fact]
    public void A_new_day_takes_over_the_hours_of_two_days_before_and_leaves_yesterday_alone()
    {
        // Arrange
        var counters = new UnitCounters();
        counters.Apply(new HourDelta(Today.AddDays(-2), 9, Visits(3)));
        counters.Apply(new HourDelta(Today.AddDays(-2), 15, Visits(4)));
        counters.Apply(new HourDelta(Today.AddDays(-1), 9, Visits(5)));

        // Act
        counters.Apply(new HourDelta(Today, 10, Visits(1)));
        counters.Apply(new HourDelta(Today.AddDays(-2), 11, Visits(7)));

        // Assert
        var today = counters.Hourly(Today);
        Assert.Equal(1, today.Sum(h => h.Visits));
        Assert.Equal(1, today[10].Visits);
        Assert.All(counters.Hourly(Today.AddDays(-2)), h => Assert.Equal(0, h.Visits));
        Assert.Equal(5, counters.Hourly(Today.AddDays(-1))[9].Visits);
        Assert.Equal(14, counters.Daily(Today)[^3].Visits);
    }

    private static WindowCounts Visits(long visits) => new(visits, visits, 0, 0, 0, 0, 0, 0);
}

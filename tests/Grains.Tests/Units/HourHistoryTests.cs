using Grains.Units;

namespace Grains.Tests.Units;

public sealed class HourHistoryTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    [Fact]
    public void Reports_add_up_per_day_and_hour_and_the_other_hours_stay_at_zero()
    {
        // Arrange
        var history = new HourHistory();

        // Act
        history.Add(Today.AddDays(-3), 9, 2, Today);
        history.Add(Today.AddDays(-5), 9, 4, Today);
        history.Add(Today.AddDays(-3), 9, 3, Today);
        history.Add(Today.AddDays(-3), 10, 1, Today);

        // Assert
        Assert.Equal(5, history.ReportsAt(Today.AddDays(-3), 9));
        Assert.Equal(1, history.ReportsAt(Today.AddDays(-3), 10));
        Assert.Equal(4, history.ReportsAt(Today.AddDays(-5), 9));
        Assert.Equal(0, history.ReportsAt(Today.AddDays(-5), 10));
        Assert.Equal(0, history.ReportsAt(Today.AddDays(-4), 9));
    }

    [Fact]
    public void Days_more_than_four_weeks_before_the_latest_are_dropped_and_later_reports_of_them_ignored()
    {
        // Arrange
        var history = new HourHistory();
        history.Add(Today.AddDays(-30), 9, 7, Today.AddDays(-2));
        history.Add(Today.AddDays(-28), 9, 6, Today.AddDays(-2));

        // Act: the latest day moves on to today.
        history.Add(Today.AddDays(-1), 9, 1, Today);
        history.Add(Today.AddDays(-29), 9, 5, Today);

        // Assert
        Assert.Equal(0, history.ReportsAt(Today.AddDays(-30), 9));
        Assert.Equal(0, history.ReportsAt(Today.AddDays(-29), 9));
        Assert.Equal(6, history.ReportsAt(Today.AddDays(-28), 9));
        Assert.Equal(1, history.ReportsAt(Today.AddDays(-1), 9));
    }

    [Fact]
    public void Export_lists_each_day_held_with_its_24_hours_oldest_first()
    {
        // Arrange
        var history = new HourHistory();
        history.Add(Today.AddDays(-2), 23, 4, Today);
        history.Add(Today.AddDays(-9), 0, 2, Today);
        history.Add(Today.AddDays(-2), 8, 1, Today);

        // Act
        var days = history.Export();

        // Assert
        Assert.Equal([Today.AddDays(-9), Today.AddDays(-2)], days.Select(d => d.Date));
        Assert.All(days, d => Assert.Equal(24, d.Reports.Count));
        Assert.Equal(2, days[0].Reports[0]);
        Assert.Equal(2, days[0].Reports.Sum());
        Assert.Equal((1, 4, 5), (days[1].Reports[8], days[1].Reports[23], days[1].Reports.Sum()));
    }
}

using Grains.Units;

namespace Grains.Tests.Units;

public sealed class TwoDaysTests
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    [Fact]
    public void A_day_takes_its_slot_once_and_its_values_start_again_only_then()
    {
        var days = new TwoDays();

        Assert.True(days.TryTake(Monday, out var first, out var clearedFirst));
        Assert.True(days.TryTake(Monday, out var again, out var clearedAgain));

        Assert.True(clearedFirst);
        Assert.False(clearedAgain);
        Assert.Equal(first, again);
        Assert.Equal(Monday, days.DateOf(first));
    }

    [Fact]
    public void Two_consecutive_days_keep_a_slot_each_so_a_late_delta_of_yesterday_still_counts()
    {
        var days = new TwoDays();
        days.TryTake(Monday, out var monday, out _);

        Assert.True(days.TryTake(Monday.AddDays(1), out var tuesday, out var clearedTuesday));
        Assert.True(days.TryTake(Monday, out var lateMonday, out var clearedMonday));

        Assert.NotEqual(monday, tuesday);
        Assert.True(clearedTuesday);
        Assert.Equal(monday, lateMonday);
        Assert.False(clearedMonday);
        Assert.True(days.TryFind(Monday, out _));
        Assert.True(days.TryFind(Monday.AddDays(1), out _));
    }

    [Fact]
    public void Two_days_later_the_slot_moves_on_and_a_delta_of_the_older_day_is_too_late()
    {
        var days = new TwoDays();
        days.TryTake(Monday, out var monday, out _);

        Assert.True(days.TryTake(Monday.AddDays(2), out var wednesday, out var cleared));
        Assert.False(days.TryTake(Monday, out _, out _));

        Assert.Equal(monday, wednesday);
        Assert.True(cleared);
        Assert.False(days.TryFind(Monday, out _));
        Assert.Equal(Monday.AddDays(2), days.DateOf(wednesday));
    }

    [Fact]
    public void A_day_nothing_was_counted_on_is_found_in_neither_slot()
    {
        var days = new TwoDays();
        days.TryTake(Monday, out _, out _);

        Assert.False(days.TryFind(Monday.AddDays(1), out _));
        Assert.False(days.TryFind(Monday.AddDays(-1), out _));
    }
}

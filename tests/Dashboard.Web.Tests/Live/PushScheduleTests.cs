using Dashboard.Web.Live;

namespace Dashboard.Web.Tests.Live;

public sealed class PushScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_change_to_a_quiet_unit_is_due_at_once()
    {
        var schedule = new PushSchedule(Interval);

        schedule.Mark("u", PendingPush.Snapshot);

        Assert.Equal([("u", PendingPush.Snapshot)], schedule.TakeDue(Start));
    }

    [Fact]
    public void Changes_within_an_interval_of_the_last_push_wait_for_its_end_and_go_out_together()
    {
        var schedule = new PushSchedule(Interval);
        schedule.Mark("u", PendingPush.Snapshot);
        schedule.TakeDue(Start);

        schedule.Mark("u", PendingPush.Snapshot);
        schedule.Mark("u", PendingPush.Activity);

        Assert.Empty(schedule.TakeDue(Start + Interval - TimeSpan.FromMilliseconds(1)));
        Assert.Equal(Start + Interval, schedule.NextDue());
        Assert.Equal([("u", PendingPush.Snapshot | PendingPush.Activity)], schedule.TakeDue(Start + Interval));
        Assert.Null(schedule.NextDue());
    }

    [Fact]
    public void Nothing_is_due_without_a_change()
    {
        var schedule = new PushSchedule(Interval);
        schedule.Mark("u", PendingPush.Snapshot);
        schedule.TakeDue(Start);

        Assert.Empty(schedule.TakeDue(Start + TimeSpan.FromHours(1)));
        Assert.Null(schedule.NextDue());
    }

    [Fact]
    public void Units_are_timed_apart()
    {
        var schedule = new PushSchedule(Interval);
        schedule.Mark("a", PendingPush.Snapshot);
        schedule.TakeDue(Start);
        schedule.Mark("a", PendingPush.Snapshot);

        schedule.Mark("b", PendingPush.Activity);

        Assert.Equal([("b", PendingPush.Activity)], schedule.TakeDue(Start + TimeSpan.FromMilliseconds(10)));
        Assert.Equal(Start + Interval, schedule.NextDue());
    }

    [Fact]
    public void A_pruned_unit_is_forgotten()
    {
        var schedule = new PushSchedule(Interval);
        schedule.Mark("a", PendingPush.Snapshot);
        schedule.Mark("b", PendingPush.Snapshot);

        schedule.Prune(unitId => unitId == "b");

        Assert.Equal([("b", PendingPush.Snapshot)], schedule.TakeDue(Start));
    }
}

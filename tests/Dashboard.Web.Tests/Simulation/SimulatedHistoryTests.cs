using Dashboard.Web.Simulation;
using Grains.Interfaces;

namespace Dashboard.Web.Tests.Simulation;

public sealed class SimulatedHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 15, 20, 0, TimeSpan.FromHours(8));

    [Fact]
    public void The_same_seed_and_time_give_the_same_history()
    {
        var first = Days(seed: 5, days: 3);
        var second = Days(seed: 5, days: 3);

        Assert.Equal(first.SelectMany(day => day.Reports), second.SelectMany(day => day.Reports));
        Assert.Equal(first.SelectMany(day => day.Cases.Select(c => c.Case)), second.SelectMany(day => day.Cases.Select(c => c.Case)));
        Assert.Equal(first.SelectMany(day => day.Cases.SelectMany(c => c.Actions)), second.SelectMany(day => day.Cases.SelectMany(c => c.Actions)));
        Assert.All(first.SelectMany(day => day.Reports), report => Assert.StartsWith("sim-h-", report.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_is_dated_after_now_and_every_case_action_follows_the_one_before()
    {
        var days = Days(seed: 7, days: 10);

        Assert.Equal(11, days.Count);
        Assert.All(days.SelectMany(day => day.Reports), report => Assert.True(report.OccurredAt <= Now, $"{report.Id} at {report.OccurredAt}"));
        foreach (var historyCase in days.SelectMany(day => day.Cases))
        {
            Assert.True(historyCase.Case.OccurredAt <= Now);
            var times = historyCase.Actions.Select(action => action.At).Prepend(historyCase.Case.OccurredAt).ToList();
            Assert.Equal(times.Order(), times);
            Assert.True(times[^1] <= Now);
            Assert.True(historyCase.NextDue is null || historyCase.NextDue > Now);
        }
    }

    [Fact]
    public void Visits_dominate_on_working_days_in_office_hours_and_weekends_are_quieter()
    {
        var days = Days(seed: 3, days: 14).SkipLast(1).ToList();
        var workers = DemoOrganisation.Load().Workers.Count;
        var weekday = days.First(day => day.Date.DayOfWeek == DayOfWeek.Wednesday);
        var sunday = days.First(day => day.Date.DayOfWeek == DayOfWeek.Sunday);

        var visitsPerWorker = weekday.Reports.Count(report => report.Kind == ActivityKind.Visit) / (double)workers;
        var casesPerWorker = weekday.Cases.Count / (double)workers;

        Assert.InRange(visitsPerWorker, 5, 10);
        Assert.InRange(casesPerWorker, 0.2, 0.4);
        Assert.InRange(weekday.Reports.Count(report => report.Kind != ActivityKind.Visit), 1, weekday.Reports.Count / 20);
        Assert.True(sunday.Reports.Count < weekday.Reports.Count / 2, "fewer reports on Sunday");
        Assert.All(weekday.Reports, report => Assert.InRange(report.OccurredAt.ToOffset(TimeSpan.FromHours(8)).Hour, 8, 17));
    }

    [Fact]
    public void Nearly_every_closed_case_is_closed_by_its_deadline_and_some_are_reworked_or_cancelled()
    {
        var cases = Days(seed: 11, days: 30).SelectMany(day => day.Cases).ToList();
        var closed = cases.Where(c => c.Actions.Count > 0 && c.Actions[^1].Action == CaseActionKind.Close).ToList();

        var onTime = closed.Count(c => c.Actions[^1].At <= DeadlineOf(c));

        Assert.InRange(onTime / (double)closed.Count, 0.96, 0.995);
        Assert.Contains(cases, c => c.Actions.Any(action => action.Action == CaseActionKind.Reject));
        Assert.Contains(cases, c => c.Actions.Any(action => action.Action == CaseActionKind.Cancel));
        Assert.Contains(cases, c => c.Actions.Any(action => action.Action == CaseActionKind.Escalate));
        Assert.Contains(cases, c => c.Pending is not null);
    }

    private static DateTimeOffset DeadlineOf(HistoryCase historyCase) =>
        historyCase.Actions.LastOrDefault(action => action.Action == CaseActionKind.Extend)?.Deadline ?? historyCase.Case.Deadline;

    private static List<HistoryDay> Days(int seed, int days)
    {
        var organisation = DemoOrganisation.Load();
        var workload = DemoOrganisation.Workload(organisation, seed);
        return [.. new SimulatedHistory(organisation, DemoOrganisation.Shanghai, seed, workload.CommandCentreOf).Days(Now, days)];
    }
}

using Dashboard.Web.Simulation;
using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Queries;

namespace Dashboard.Web.Tests.Simulation;

public sealed class SimulatedWorkloadTests(SimulatedDay day) : IClassFixture<SimulatedDay>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly string[] VisitCategories = ["独居老人", "低保户", "退役军人", "新市民", "一老一小"];
    private static readonly string[] EventCategories = ["志愿服务", "宣传", "义诊", "文体"];
    private static readonly string[] CaseCategories = ["环境卫生", "市容秩序", "矛盾纠纷", "安全隐患", "便民服务", "紧急救助", "城市管理"];

    [Fact]
    public void Visits_dominate_the_mix_cases_are_fewer_and_trainings_and_events_occasional()
    {
        var workload = DemoOrganisation.Workload(day.Organisation, seed: 1);

        var draws = Enumerable.Range(0, 10_000).Select(_ => workload.NextActivity(Now)).ToList();

        var visits = draws.Count(w => w is SimulatedReport { Report.Kind: ActivityKind.Visit });
        var trainings = draws.Count(w => w is SimulatedReport { Report.Kind: ActivityKind.Training });
        var events = draws.Count(w => w is SimulatedReport { Report.Kind: ActivityKind.Event });
        var cases = draws.Count(w => w is SimulatedCase);
        Assert.Equal(10_000, visits + trainings + events + cases);
        Assert.InRange(visits, 8_000, 9_200);
        Assert.InRange(cases, 300, 800);
        Assert.InRange(trainings, 200, 700);
        Assert.InRange(events, 200, 800);
    }

    [Fact]
    public void Every_new_activity_is_valid_for_the_organisation_and_its_kind()
    {
        var workload = DemoOrganisation.Workload(day.Organisation, seed: 2);

        var draws = Enumerable.Range(0, 10_000).Select(_ => workload.NextActivity(Now)).ToList();

        Assert.All(draws, draw =>
        {
            switch (draw)
            {
                case SimulatedReport { Report: var report }:
                    AssertWorkerOfGrid(report.GridId, report.WorkerId);
                    Assert.Equal(Now, report.OccurredAt);
                    AssertReportFields(report);
                    break;
                case SimulatedCase { Case: var newCase }:
                    AssertWorkerOfGrid(newCase.GridId, newCase.WorkerId);
                    Assert.Equal(Now, newCase.OccurredAt);
                    Assert.Contains(newCase.Category, CaseCategories);
                    Assert.False(string.IsNullOrWhiteSpace(newCase.Title));
                    Assert.InRange(newCase.Deadline, Now.AddMinutes(10), CaseTimeLimits.DefaultDeadline(newCase.Category, Now));
                    break;
                default:
                    Assert.Fail($"not a new activity: {draw}");
                    break;
            }
        });
        var ids = draws.Select(IdOf).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_writes()
    {
        var first = DemoOrganisation.Workload(day.Organisation, seed: 3);
        var second = DemoOrganisation.Workload(day.Organisation, seed: 3);

        var firstDraws = Enumerable.Range(0, 1000).Select(_ => first.NextActivity(Now)).ToList();
        var secondDraws = Enumerable.Range(0, 1000).Select(_ => second.NextActivity(Now)).ToList();

        Assert.Equal(firstDraws, secondDraws);
    }

    [Fact]
    public void Case_actions_follow_the_lifecycle_of_spec_2_3()
    {
        var cases = day.Cases.ToDictionary(c => c.Id);
        var states = cases.Keys.ToDictionary(id => id, _ => CaseState.Reported);
        var deadlines = cases.ToDictionary(c => c.Key, c => c.Value.Deadline);
        var lastAt = cases.ToDictionary(c => c.Key, c => c.Value.OccurredAt);

        foreach (var (at, write) in day.Writes)
        {
            if (write is not SimulatedCaseAction { Action: var action })
            {
                continue;
            }

            Assert.True(cases.ContainsKey(action.CaseId), $"action on an unknown case {action.CaseId}");
            Assert.Equal(at, action.At);
            Assert.True(action.At > lastAt[action.CaseId], "actions on a case come later than the previous one");
            Assert.False(string.IsNullOrWhiteSpace(action.By));
            states[action.CaseId] = Apply(states[action.CaseId], action, deadlines);
            lastAt[action.CaseId] = action.At;
        }
    }

    [Fact]
    public void Most_cases_are_closed_within_their_time_limit_and_a_few_are_reworked_cancelled_escalated_or_extended()
    {
        // Cases reported in the first 18 hours had time to run their course, save the few left to run late.
        var reported = day.Cases.Where(c => c.OccurredAt < SimulatedDay.Start.AddHours(18)).ToDictionary(c => c.Id);
        var actions = day.Actions.Where(a => reported.ContainsKey(a.CaseId)).ToList();
        var closedAt = actions.Where(a => a.Action == CaseActionKind.Close).ToDictionary(a => a.CaseId, a => a.At);
        var deadlines = reported.ToDictionary(c => c.Key, c => c.Value.Deadline);
        foreach (var extend in actions.Where(a => a.Action == CaseActionKind.Extend))
        {
            deadlines[extend.CaseId] = extend.Deadline!.Value;
        }

        var onTime = closedAt.Count(c => c.Value <= deadlines[c.Key]);
        double Share(CaseActionKind kind) => (double)actions.Where(a => a.Action == kind).Select(a => a.CaseId).Distinct().Count() / reported.Count;

        Assert.True(reported.Count > 1000, $"{reported.Count} cases reported");
        Assert.InRange((double)closedAt.Count / reported.Count, 0.85, 0.98);
        Assert.InRange((double)onTime / reported.Count, 0.80, 0.98);
        Assert.True(onTime < closedAt.Count, "a few cases are closed late");
        Assert.InRange(Share(CaseActionKind.Reject), 0.04, 0.12);
        Assert.InRange(Share(CaseActionKind.Cancel), 0.01, 0.05);
        Assert.InRange(Share(CaseActionKind.Escalate), 0.01, 0.05);
        Assert.InRange(Share(CaseActionKind.Extend), 0.01, 0.05);
    }

    [Fact]
    public void Workers_at_work_report_often_enough_never_to_count_as_offline()
    {
        var byWorker = day.Statuses.GroupBy(s => s.WorkerId);

        foreach (var statuses in byWorker)
        {
            Assert.Equal(statuses.Key, day.Organisation.FindWorker(statuses.Key)?.Id);
            var ordered = statuses.OrderBy(s => s.At).ToList();
            foreach (var (current, next) in ordered.Zip(ordered.Skip(1)))
            {
                if (current.Status is WorkerDutyStatus.OnDuty or WorkerDutyStatus.Patrolling)
                {
                    Assert.True(next.At - current.At < TimeSpan.FromMinutes(15), $"{statuses.Key} silent from {current.At} to {next.At}");
                }
            }

            var last = ordered[^1];
            if (last.Status is WorkerDutyStatus.OnDuty or WorkerDutyStatus.Patrolling)
            {
                Assert.True(day.End - last.At < TimeSpan.FromMinutes(15), $"{statuses.Key} silent since {last.At}");
            }
        }
    }

    [Fact]
    public void Workers_go_on_and_off_duty_by_shift()
    {
        var workers = day.Organisation.Workers.Count;
        var atWorkAtTenInTheMorning = day.AtWorkByHour[2];
        var atWorkAtThreeAtNight = day.AtWorkByHour[19];
        var wentOffDuty = day.Statuses.Where(s => s.Status == WorkerDutyStatus.OffDuty).Select(s => s.WorkerId).Distinct().Count();
        var patrolled = day.Statuses.Where(s => s.Status == WorkerDutyStatus.Patrolling).Select(s => s.WorkerId).Distinct().Count();

        Assert.InRange(atWorkAtTenInTheMorning, workers / 2, workers);
        Assert.InRange(atWorkAtThreeAtNight, 1, workers / 4);
        Assert.True(wentOffDuty > workers * 0.9, $"{wentOffDuty} of {workers} workers went off duty");
        Assert.True(patrolled > workers * 0.9, $"{patrolled} of {workers} workers patrolled");
    }

    [Fact]
    public void Activities_are_reported_by_workers_at_work_once_shifts_have_started()
    {
        var statuses = day.Statuses.GroupBy(s => s.WorkerId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.At).ToList());
        var reports = day.Writes
            .Where(w => w.At > SimulatedDay.Start.AddMinutes(30))
            .Select(w => w.Write)
            .OfType<SimulatedReport>()
            .Select(r => r.Report);

        Assert.All(reports, report =>
        {
            var latest = statuses[report.WorkerId].Last(s => s.At <= report.OccurredAt);
            Assert.True(latest.Status is WorkerDutyStatus.OnDuty or WorkerDutyStatus.Patrolling, $"{report.WorkerId} reported while {latest.Status}");
        });
    }

    [Fact]
    public void A_refused_case_gets_no_further_actions()
    {
        var workload = DemoOrganisation.Workload(day.Organisation, seed: 4);
        var draws = Enumerable.Range(0, 1000).Select(_ => workload.NextActivity(Now)).ToList();
        var refused = draws.OfType<SimulatedCase>().First();
        var openBefore = workload.OpenCases;

        workload.Refused(refused);
        var openAfter = workload.OpenCases;
        var later = Enumerable.Range(1, 3 * 3600).SelectMany(second => workload.DueWrites(Now.AddSeconds(second))).ToList();

        Assert.Equal(openBefore - 1, openAfter);
        Assert.DoesNotContain(later, w => w is SimulatedCaseAction { Action.CaseId: var id } && id == refused.Case.Id);
        Assert.Contains(later, w => w is SimulatedCaseAction);
    }

    [Theory]
    [InlineData(CaseState.Reported, new[] { CaseActionKind.Dispatch, CaseActionKind.Resolve, CaseActionKind.Close })]
    [InlineData(CaseState.Dispatched, new[] { CaseActionKind.Resolve, CaseActionKind.Close })]
    [InlineData(CaseState.Resolved, new[] { CaseActionKind.Close })]
    public void An_open_case_left_by_a_previous_run_is_taken_over_and_closed(CaseState state, CaseActionKind[] expected)
    {
        var workload = DemoOrganisation.Workload(day.Organisation, seed: 5);
        var grid = day.Organisation.Grids[0].Id;
        var left = new CaseListItem("sim-old", grid, "环境卫生", "楼道堆放杂物", state, UnitLevel.Community, Now.AddHours(-1), Now.AddHours(47), null, false, false);

        var resumed = workload.Resume(left, Now);
        var actions = Enumerable.Range(1, 3600)
            .SelectMany(second => workload.DueWrites(Now.AddSeconds(second)))
            .OfType<SimulatedCaseAction>()
            .Select(write => write.Action)
            .Where(action => action.CaseId == "sim-old")
            .ToList();

        Assert.True(resumed);
        Assert.Equal(expected, actions.Select(action => action.Action));
        Assert.Equal(0, workload.OpenCases);
    }

    [Theory]
    [InlineData(CaseState.Closed)]
    [InlineData(CaseState.Cancelled)]
    public void A_finished_case_is_not_taken_over(CaseState state)
    {
        var workload = DemoOrganisation.Workload(day.Organisation, seed: 6);
        var left = new CaseListItem("sim-old", day.Organisation.Grids[0].Id, "环境卫生", "楼道堆放杂物", state, UnitLevel.Community, Now.AddHours(-1), Now.AddHours(47), null, false, false);

        Assert.False(workload.Resume(left, Now));
        Assert.Equal(0, workload.OpenCases);
    }

    private void AssertWorkerOfGrid(string gridId, string workerId)
    {
        Assert.Equal(UnitLevel.Grid, day.Organisation.FindUnit(gridId)?.Level);
        Assert.Equal(gridId, day.Organisation.FindWorker(workerId)?.GridId);
    }

    private static void AssertReportFields(ActivityReport report)
    {
        switch (report.Kind)
        {
            case ActivityKind.Visit:
                Assert.InRange(report.Households, 1, 5);
                Assert.Equal(0, report.Participants);
                Assert.True(report.Category is null || VisitCategories.Contains(report.Category), report.Category);
                break;
            case ActivityKind.Training:
                Assert.Equal(0, report.Households);
                Assert.InRange(report.Participants, 10, 99);
                Assert.Null(report.Category);
                break;
            default:
                Assert.Equal(0, report.Households);
                Assert.InRange(report.Participants, 10, 99);
                Assert.Contains(report.Category, EventCategories);
                break;
        }

        Assert.True(report.Note is null || report.Note.Length <= 500);
    }

    private static string IdOf(SimulatedWrite write) => write switch
    {
        SimulatedReport r => r.Report.Id,
        SimulatedCase c => c.Case.Id,
        SimulatedCaseAction a => a.Action.Id,
        _ => throw new ArgumentException("no id", nameof(write)),
    };

    private static CaseState Apply(CaseState state, CaseAction action, Dictionary<string, DateTimeOffset> deadlines)
    {
        var running = state is CaseState.Reported or CaseState.Dispatched;
        switch (action.Action)
        {
            case CaseActionKind.Dispatch when state == CaseState.Reported:
                Assert.False(string.IsNullOrWhiteSpace(action.Handler));
                return CaseState.Dispatched;
            case CaseActionKind.Resolve when state == CaseState.Dispatched:
                return CaseState.Resolved;
            case CaseActionKind.Close when state == CaseState.Resolved:
                return CaseState.Closed;
            case CaseActionKind.Reject when state == CaseState.Resolved:
                Assert.False(string.IsNullOrWhiteSpace(action.Note));
                return CaseState.Dispatched;
            case CaseActionKind.Cancel when state is CaseState.Reported or CaseState.Dispatched:
                Assert.False(string.IsNullOrWhiteSpace(action.Note));
                return CaseState.Cancelled;
            case CaseActionKind.Escalate when running:
                return state;
            case CaseActionKind.Extend when running:
                Assert.False(string.IsNullOrWhiteSpace(action.Note));
                Assert.True(action.Deadline > deadlines[action.CaseId], "an extension moves the deadline later");
                deadlines[action.CaseId] = action.Deadline!.Value;
                return state;
            default:
                Assert.Fail($"illegal {action.Action} on a {state} case");
                return state;
        }
    }
}

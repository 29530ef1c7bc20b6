using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;

namespace Dashboard.Web.Simulation;

/// <summary>
/// The past weeks of a district that has been running (spec 7), day by day: on working days each worker makes 5 to 10
/// visits in office hours with a lunch dip, now and then a training or an event, and reports a case or two a week; at
/// weekends a third of the workers keep watch. Cases follow <see cref="CaseScript"/> over hours and days, nearly all
/// closed before their deadline; what would happen after <c>now</c> is left for the live simulator. Pure and
/// single-threaded: the same seed and the same <c>now</c> give the same writes with the same ids.
/// </summary>
internal sealed class SimulatedHistory
{
    private const double LateShare = 0.02;

    private static readonly WeightedChoice<int> WorkingHours = new(
        (8, 10), (9, 14), (10, 15), (11, 12), (12, 4), (13, 6), (14, 13), (15, 14), (16, 13), (17, 8));

    private readonly OrganisationTree _organisation;
    private readonly TimeZoneInfo _zone;
    private readonly Random _random;
    private readonly Func<string, string> _commandCentreOf;
    private readonly string _idPrefix;
    private long _nextId;

    /// <param name="organisation">The grids and workers that wrote.</param>
    /// <param name="zone">The local time zone of working hours and days.</param>
    /// <param name="seed">The seed of every choice; it is also part of the ids.</param>
    /// <param name="commandCentreOf">Who dispatches and closes the cases of a grid.</param>
    public SimulatedHistory(OrganisationTree organisation, TimeZoneInfo zone, int seed, Func<string, string> commandCentreOf)
    {
        _organisation = organisation;
        _zone = zone;
        _random = new Random(seed);
        _commandCentreOf = commandCentreOf;
        _idPrefix = $"sim-h-{seed:x8}-";
    }

    /// <summary>
    /// The <paramref name="days"/> whole local days before the one of <paramref name="now"/>, then that day up to
    /// <paramref name="now"/>, oldest first.
    /// </summary>
    public IEnumerable<HistoryDay> Days(DateTimeOffset now, int days)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);
        for (var back = days; back >= 0; back--)
        {
            yield return Day(today.AddDays(-back), now);
        }
    }

    private HistoryDay Day(DateOnly date, DateTimeOffset now)
    {
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var reports = new List<ActivityReport>();
        var cases = new List<HistoryCase>();
        for (var index = 0; index < _organisation.Workers.Count; index++)
        {
            var worker = _organisation.Workers[index];
            var visits = weekend ? (OnWeekendRota(index, date) ? _random.Next(2, 7) : 0) : _random.Next(5, 11);
            for (var i = 0; i < visits; i++)
            {
                AddIfPast(reports, SimulatedWorkload.Visit(NewId(), worker, TimeOn(date), _random), now);
            }

            if (_random.NextDouble() < (weekend ? 0.01 : 0.04))
            {
                AddIfPast(reports, SimulatedWorkload.Training(NewId(), worker, TimeOn(date), _random), now);
            }

            if (_random.NextDouble() < (weekend ? 0.08 : 0.05))
            {
                AddIfPast(reports, SimulatedWorkload.Event(NewId(), worker, TimeOn(date), _random), now);
            }

            if (_random.NextDouble() < (weekend ? 0.15 : 0.3) && NewCaseOf(worker, TimeOn(date), now) is { } newCase)
            {
                cases.Add(newCase);
            }
        }

        return new HistoryDay(date, reports, cases);
    }

    /// <summary>A third of the workers keep the weekend watch (周末轮值), a different third each day.</summary>
    private static bool OnWeekendRota(int workerIndex, DateOnly date) => (workerIndex + date.DayNumber) % 3 == 0;

    private HistoryCase? NewCaseOf(Worker worker, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var category = FieldCatalogue.CaseCategories.Pick(_random);
        var newCase = new NewCase(
            NewId(),
            worker.GridId,
            worker.Id,
            category,
            Pick(FieldCatalogue.CaseTitles[category]),
            Pick(FieldCatalogue.CaseDescriptions),
            occurredAt,
            CaseTimeLimits.DefaultDeadline(category, occurredAt));
        var script = CaseScript.Plan(newCase, _commandCentreOf(worker.GridId), _random, LateShare);
        if (occurredAt > now)
        {
            return null;
        }

        var limit = newCase.Deadline - newCase.OccurredAt;
        var actions = new List<CaseAction>();
        var at = occurredAt;
        while (!script.IsFinished)
        {
            var next = NextAt(script, at, limit);
            if (next > now)
            {
                return new HistoryCase(newCase, actions, script, next);
            }

            at = next;
            actions.Add(script.TakeStep(NewId(), at, _random));
        }

        return new HistoryCase(newCase, actions, Pending: null, NextDue: null);
    }

    /// <summary>When the script's next step comes after <paramref name="previous"/>, in fractions of the case's time limit.</summary>
    private DateTimeOffset NextAt(CaseScript script, DateTimeOffset previous, TimeSpan limit)
    {
        var step = script.NextStep;
        var at = previous + (limit * step switch
        {
            CaseActionKind.Dispatch => Between(0.01, 0.06),
            CaseActionKind.Resolve => Between(0.1, 0.45),
            CaseActionKind.Reject => Between(0.02, 0.08),
            CaseActionKind.Close => Between(0.02, 0.1),
            _ => Between(0.01, 0.05),
        });
        if (script.IsLate && step is CaseActionKind.Resolve or CaseActionKind.Close)
        {
            var overdue = script.Deadline + (limit * Between(0.05, 0.3));
            return overdue > at ? overdue : at;
        }

        // In time: every step before the (possibly extended) deadline.
        return at < script.Deadline || previous >= script.Deadline ? at : previous + ((script.Deadline - previous) * Between(0.3, 0.7));
    }

    private DateTimeOffset TimeOn(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(WorkingHours.Pick(_random), 0)).AddSeconds(_random.Next(3600));
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }

    private static void AddIfPast(List<ActivityReport> reports, ActivityReport report, DateTimeOffset now)
    {
        if (report.OccurredAt <= now)
        {
            reports.Add(report);
        }
    }

    private string NewId() => $"{_idPrefix}{++_nextId}";

    private double Between(double low, double high) => low + ((high - low) * _random.NextDouble());

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}

/// <summary>One local day of history: its reports and the cases reported that day.</summary>
internal sealed record HistoryDay(DateOnly Date, IReadOnlyList<ActivityReport> Reports, IReadOnlyList<HistoryCase> Cases);

/// <summary>
/// A case of the history with the actions already taken by now, in order; <paramref name="Pending"/> is its script
/// when more is to come, next at <paramref name="NextDue"/>.
/// </summary>
internal sealed record HistoryCase(NewCase Case, IReadOnlyList<CaseAction> Actions, CaseScript? Pending, DateTimeOffset? NextDue);

using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Queries;

namespace Dashboard.Web.Simulation;

/// <summary>
/// Decides what the simulated grid workers write and when (spec 7): visits dominate, cases are fewer and move along
/// their lifecycle, trainings and events are occasional with tens of participants, workers go on and off duty by
/// shift. Pure and single-threaded: the same seed and the same sequence of calls give the same writes.
/// </summary>
public sealed class SimulatedWorkload
{
    private const int MaxDueWritesPerCall = 2000;

    private static readonly WeightedChoice<ActivityDraw> Mix = new(
        (ActivityDraw.Visit, 86), (ActivityDraw.Case, 5), (ActivityDraw.Event, 5), (ActivityDraw.Training, 4));

    private readonly TimeZoneInfo _zone;
    private readonly Random _random;
    private readonly Func<string> _newId;
    private readonly WorkerDuty[] _duties;
    private readonly List<WorkerDuty> _atWork = [];
    private readonly PriorityQueue<WorkerDuty, DateTimeOffset> _dutyChecks = new();
    private readonly Dictionary<string, CaseScript> _cases = new(StringComparer.Ordinal);
    private readonly PriorityQueue<CaseScript, DateTimeOffset> _caseSteps = new();
    private readonly Dictionary<string, string> _commandCentres = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _streets = new(StringComparer.Ordinal);
    private bool _started;

    /// <summary>A workload over <paramref name="organisation"/>, with shifts in local time of <paramref name="zone"/>.</summary>
    /// <param name="organisation">The grids and workers that write.</param>
    /// <param name="zone">The local time zone of the shifts.</param>
    /// <param name="random">The source of every choice; seeded for a repeatable run.</param>
    /// <param name="newId">Makes the client-generated id of each write.</param>
    public SimulatedWorkload(OrganisationTree organisation, TimeZoneInfo zone, Random random, Func<string> newId)
    {
        _zone = zone;
        _random = random;
        _newId = newId;
        _duties = [.. organisation.Workers.Select(worker => new WorkerDuty(worker, random))];
        foreach (var street in organisation.ChildrenOf(organisation.Root.Id))
        {
            var commandCentre = FieldCatalogue.CommandCentreOf(street.Name);
            foreach (var grid in organisation.GridsUnder(street.Id))
            {
                _commandCentres[grid.Id] = commandCentre;
                _streets[grid.Id] = street.Id;
            }
        }
    }

    private enum ActivityDraw
    {
        Visit,
        Training,
        Event,
        Case,
    }

    /// <summary>The cases reported and not yet closed or cancelled.</summary>
    public int OpenCases => _cases.Count;

    /// <summary>The workers whose last status is on duty or patrolling.</summary>
    public int WorkersAtWork => _atWork.Count;

    /// <summary>One new activity at <paramref name="now"/>: a visit, training or event report, or a new case.</summary>
    public SimulatedWrite NextActivity(DateTimeOffset now)
    {
        var worker = PickWorker();
        return Mix.Pick(_random) switch
        {
            ActivityDraw.Visit => new SimulatedReport(Visit(_newId(), worker, now, _random)),
            ActivityDraw.Training => new SimulatedReport(Training(_newId(), worker, now, _random)),
            ActivityDraw.Event => new SimulatedReport(Event(_newId(), worker, now, _random)),
            _ => new SimulatedCase(ReportCase(worker, now)),
        };
    }

    /// <summary>
    /// The case actions and status reports due by <paramref name="now"/>. The first call starts every worker's day,
    /// spread over the first minute.
    /// </summary>
    public IReadOnlyList<SimulatedWrite> DueWrites(DateTimeOffset now)
    {
        if (!_started)
        {
            Start(now);
        }

        var writes = new List<SimulatedWrite>();
        while (writes.Count < MaxDueWritesPerCall && _dutyChecks.TryPeek(out var duty, out var at) && at <= now)
        {
            _dutyChecks.Dequeue();
            if (CheckDuty(duty, now) is { } status)
            {
                writes.Add(status);
            }
        }

        while (writes.Count < MaxDueWritesPerCall && _caseSteps.TryPeek(out var script, out var at) && at <= now)
        {
            _caseSteps.Dequeue();
            if (!script.Abandoned)
            {
                writes.Add(TakeCaseStep(script, now));
            }
        }

        return writes;
    }

    /// <summary>
    /// Takes over an open case a previous run reported (the simulator's cases are lost from memory on a restart), so
    /// it is dispatched, resolved and closed within the next minutes instead of staying open for ever.
    /// </summary>
    /// <returns>False when the case is not open, is already followed, or its grid is unknown.</returns>
    public bool Resume(CaseListItem openCase, DateTimeOffset now)
    {
        if (_cases.ContainsKey(openCase.Id) || !_commandCentres.TryGetValue(openCase.GridId, out var commandCentre))
        {
            return false;
        }

        var known = new NewCase(
            openCase.Id, openCase.GridId, WorkerId: string.Empty, openCase.Category, openCase.Title, Description: null, openCase.OccurredAt, openCase.Deadline);
        if (CaseScript.Resume(known, openCase.State, commandCentre) is not { } script)
        {
            return false;
        }

        _cases.Add(openCase.Id, script);
        _caseSteps.Enqueue(script, now + TimeSpan.FromMinutes(10 * _random.NextDouble()));
        return true;
    }

    /// <summary>Tells the workload a write was refused; a refused case or case action ends that case's script.</summary>
    public void Refused(SimulatedWrite write)
    {
        var caseId = write switch
        {
            SimulatedCase created => created.Case.Id,
            SimulatedCaseAction action => action.Action.CaseId,
            _ => null,
        };
        if (caseId is not null && _cases.Remove(caseId, out var script))
        {
            script.Abandoned = true;
        }
    }

    private void Start(DateTimeOffset now)
    {
        _started = true;
        foreach (var duty in _duties)
        {
            _dutyChecks.Enqueue(duty, now + TimeSpan.FromSeconds(60 * _random.NextDouble()));
        }
    }

    private SimulatedStatus? CheckDuty(WorkerDuty duty, DateTimeOffset now)
    {
        var wasAtWork = duty.IsAtWork;
        var (report, next) = duty.Check(now, LocalTime(now), _random);
        _dutyChecks.Enqueue(duty, next);
        if (duty.IsAtWork != wasAtWork)
        {
            UpdateAtWork(duty);
        }

        return report is { } status ? new SimulatedStatus(new WorkerStatusReport(duty.Worker.Id, status, now)) : null;
    }

    private SimulatedCaseAction TakeCaseStep(CaseScript script, DateTimeOffset now)
    {
        var action = script.TakeStep(_newId(), now, _random);
        if (script.IsFinished)
        {
            _cases.Remove(script.Case.Id);
        }
        else
        {
            _caseSteps.Enqueue(script, script.NextDueAfter(now, _random));
        }

        return new SimulatedCaseAction(action, script.Case.GridId, _streets[script.Case.GridId]);
    }

    private void UpdateAtWork(WorkerDuty duty)
    {
        if (duty.IsAtWork)
        {
            duty.AtWorkIndex = _atWork.Count;
            _atWork.Add(duty);
            return;
        }

        var last = _atWork[^1];
        _atWork[duty.AtWorkIndex] = last;
        last.AtWorkIndex = duty.AtWorkIndex;
        _atWork.RemoveAt(_atWork.Count - 1);
        duty.AtWorkIndex = -1;
    }

    /// <summary>A worker at work; anyone before the first shift has started (the first minute of a run).</summary>
    private Worker PickWorker() =>
        _atWork.Count > 0 ? _atWork[_random.Next(_atWork.Count)].Worker : _duties[_random.Next(_duties.Length)].Worker;

    /// <summary>A visit report of <paramref name="worker"/> at <paramref name="at"/>.</summary>
    internal static ActivityReport Visit(string id, Worker worker, DateTimeOffset at, Random random) => new(
        id,
        worker.GridId,
        worker.Id,
        ActivityKind.Visit,
        at,
        Households: FieldCatalogue.Households.Pick(random),
        Participants: 0,
        Category: random.NextDouble() < 0.45 ? FieldCatalogue.VisitCategories.Pick(random) : null,
        Note: random.NextDouble() < 0.2 ? Pick(random, FieldCatalogue.VisitNotes) : null);

    /// <summary>A training report of <paramref name="worker"/> at <paramref name="at"/>, with tens of participants.</summary>
    internal static ActivityReport Training(string id, Worker worker, DateTimeOffset at, Random random) => new(
        id,
        worker.GridId,
        worker.Id,
        ActivityKind.Training,
        at,
        Households: 0,
        Participants: random.Next(10, 61),
        Category: null,
        Note: Pick(random, FieldCatalogue.TrainingTopics));

    /// <summary>An event report of <paramref name="worker"/> at <paramref name="at"/>, with tens of participants.</summary>
    internal static ActivityReport Event(string id, Worker worker, DateTimeOffset at, Random random)
    {
        var category = FieldCatalogue.EventCategories.Pick(random);
        return new ActivityReport(
            id,
            worker.GridId,
            worker.Id,
            ActivityKind.Event,
            at,
            Households: 0,
            Participants: random.Next(15, 81),
            Category: category,
            Note: $"{category}活动");
    }

    /// <summary>The command centre that dispatches and closes the cases of <paramref name="gridId"/>.</summary>
    internal string CommandCentreOf(string gridId) => _commandCentres[gridId];

    /// <summary>
    /// Follows a case the history left open, so its next step comes at <paramref name="due"/> and the rest of its
    /// lifecycle after it as for a live case.
    /// </summary>
    internal void Follow(CaseScript script, DateTimeOffset due)
    {
        if (_cases.TryAdd(script.Case.Id, script))
        {
            _caseSteps.Enqueue(script, due);
        }
    }

    private NewCase ReportCase(Worker worker, DateTimeOffset now)
    {
        var category = FieldCatalogue.CaseCategories.Pick(_random);

        // Some cases come with a short limit set by the reporter (限期整改), so due-soon and overdue show within minutes.
        var deadline = _random.NextDouble() < 0.15
            ? now + TimeSpan.FromMinutes(_random.Next(10, 41))
            : CaseTimeLimits.DefaultDeadline(category, now);
        var newCase = new NewCase(
            _newId(),
            worker.GridId,
            worker.Id,
            category,
            Pick(FieldCatalogue.CaseTitles[category]),
            Pick(FieldCatalogue.CaseDescriptions),
            now,
            deadline);

        var script = CaseScript.Plan(newCase, _commandCentres[worker.GridId], _random);
        _cases.Add(newCase.Id, script);
        _caseSteps.Enqueue(script, script.NextDueAfter(now, _random));
        return newCase;
    }

    private TimeOnly LocalTime(DateTimeOffset now) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);

    private string Pick(string[] values) => Pick(_random, values);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}

using Grains.Interfaces;

namespace Dashboard.Web.Simulation;

/// <summary>
/// A simulated worker's shift and duty: on duty or patrolling during the shift, with a short break now and then,
/// reporting often enough (every 4 to 12 minutes) never to count as offline; off duty when the shift ends.
/// </summary>
internal sealed class WorkerDuty
{
    private static readonly WeightedChoice<(TimeOnly Start, TimeOnly End)> Shifts = new(
        ((new TimeOnly(8, 0), new TimeOnly(17, 0)), 60),
        ((new TimeOnly(14, 0), new TimeOnly(22, 0)), 25),
        ((new TimeOnly(22, 0), new TimeOnly(8, 0)), 15));

    private static readonly WeightedChoice<WorkerDutyStatus> OnShift = new(
        (WorkerDutyStatus.OnDuty, 55), (WorkerDutyStatus.Patrolling, 38), (WorkerDutyStatus.OffDuty, 7));

    private readonly TimeOnly _shiftStart;
    private readonly TimeOnly _shiftEnd;
    private DateTimeOffset? _breakUntil;

    public WorkerDuty(Worker worker, Random random)
    {
        Worker = worker;
        var (start, end) = Shifts.Pick(random);
        var stagger = TimeSpan.FromMinutes(random.Next(-15, 16));
        _shiftStart = start.Add(stagger);
        _shiftEnd = end.Add(stagger);
    }

    public Worker Worker { get; }

    /// <summary>The last status sent, or null before the first.</summary>
    public WorkerDutyStatus? Status { get; private set; }

    public bool IsAtWork => Status is WorkerDutyStatus.OnDuty or WorkerDutyStatus.Patrolling;

    /// <summary>Where the worker sits in the workload's list of workers at work, or -1.</summary>
    public int AtWorkIndex { get; set; } = -1;

    public bool IsOnShift(TimeOnly localTime) => localTime.IsBetween(_shiftStart, _shiftEnd);

    /// <summary>
    /// Decides what the worker reports at <paramref name="now"/> (null: nothing) and when to look again.
    /// </summary>
    public (WorkerDutyStatus? Report, DateTimeOffset NextCheck) Check(DateTimeOffset now, TimeOnly localTime, Random random)
    {
        if (!IsOnShift(localTime))
        {
            _breakUntil = null;
            var next = now + Minutes(random, 10, 20);
            return IsAtWork ? Send(WorkerDutyStatus.OffDuty, next) : (null, next);
        }

        if (_breakUntil is { } until && now < until)
        {
            return (null, until);
        }

        _breakUntil = null;
        var status = IsAtWork ? OnShift.Pick(random) : WorkerDutyStatus.OnDuty;
        if (status == WorkerDutyStatus.OffDuty)
        {
            _breakUntil = now + Minutes(random, 10, 30);
            return Send(status, _breakUntil.Value);
        }

        return Send(status, now + Minutes(random, 4, 12));
    }

    private (WorkerDutyStatus? Report, DateTimeOffset NextCheck) Send(WorkerDutyStatus status, DateTimeOffset next)
    {
        Status = status;
        return (status, next);
    }

    private static TimeSpan Minutes(Random random, int low, int high) => TimeSpan.FromMinutes(low + ((high - low) * random.NextDouble()));
}

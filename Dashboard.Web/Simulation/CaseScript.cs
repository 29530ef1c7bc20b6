using Grains.Interfaces;

namespace Dashboard.Web.Simulation;

/// <summary>
/// A simulated case and the lifecycle planned for it when it is reported: dispatched, resolved and closed, mostly in
/// time; now and then sent back (返工), escalated, extended or cancelled; a few left to run past their deadline.
/// </summary>
internal sealed class CaseScript
{
    private readonly Queue<CaseActionKind> _steps;
    private readonly bool _late;
    private readonly string _commandCentre;
    private readonly string _handler;
    private bool _resolvedOnce;

    private CaseScript(NewCase newCase, Queue<CaseActionKind> steps, bool late, string commandCentre, string handler)
    {
        Case = newCase;
        Deadline = newCase.Deadline;
        _steps = steps;
        _late = late;
        _commandCentre = commandCentre;
        _handler = handler;
    }

    public NewCase Case { get; }

    public DateTimeOffset Deadline { get; private set; }

    public bool IsFinished => _steps.Count == 0;

    /// <summary>The step taken next; only while the script is not finished.</summary>
    public CaseActionKind NextStep => _steps.Peek();

    /// <summary>Whether the case is planned to be resolved only after its deadline.</summary>
    public bool IsLate => _late;

    /// <summary>Set when a write of the case was refused: the script stops.</summary>
    public bool Abandoned { get; set; }

    /// <summary>Plans the lifecycle of a new case; <paramref name="lateShare"/> of those not cancelled run past their deadline.</summary>
    public static CaseScript Plan(NewCase newCase, string commandCentre, Random random, double lateShare = 0.04)
    {
        var steps = new Queue<CaseActionKind>();
        var cancelled = random.NextDouble() < 0.03;
        if (cancelled)
        {
            if (random.NextDouble() < 0.5)
            {
                steps.Enqueue(CaseActionKind.Dispatch);
            }

            steps.Enqueue(CaseActionKind.Cancel);
        }
        else
        {
            steps.Enqueue(CaseActionKind.Dispatch);
            EnqueueWhen(steps, random.NextDouble() < 0.03, CaseActionKind.Escalate);
            EnqueueWhen(steps, random.NextDouble() < 0.03, CaseActionKind.Extend);
            steps.Enqueue(CaseActionKind.Resolve);
            if (random.NextDouble() < 0.08)
            {
                steps.Enqueue(CaseActionKind.Reject);
                steps.Enqueue(CaseActionKind.Resolve);
            }

            steps.Enqueue(CaseActionKind.Close);
        }

        var late = !cancelled && random.NextDouble() < lateShare;
        return new CaseScript(newCase, steps, late, commandCentre, HandlerOf(newCase.Category));
    }

    /// <summary>
    /// Takes over a case a previous run left open (<paramref name="state"/> reported, dispatched or resolved) and
    /// plans the plain rest of its lifecycle; null for a case that is not open.
    /// </summary>
    public static CaseScript? Resume(NewCase openCase, CaseState state, string commandCentre)
    {
        CaseActionKind[] rest = state switch
        {
            CaseState.Reported => [CaseActionKind.Dispatch, CaseActionKind.Resolve, CaseActionKind.Close],
            CaseState.Dispatched => [CaseActionKind.Resolve, CaseActionKind.Close],
            CaseState.Resolved => [CaseActionKind.Close],
            _ => [],
        };
        return rest.Length == 0
            ? null
            : new CaseScript(openCase, new Queue<CaseActionKind>(rest), late: false, commandCentre, HandlerOf(openCase.Category));
    }

    /// <summary>When the next step is due, counted from <paramref name="now"/> (the time of the previous write).</summary>
    public DateTimeOffset NextDueAfter(DateTimeOffset now, Random random)
    {
        var step = _steps.Peek();
        var due = now + step switch
        {
            CaseActionKind.Dispatch => Between(random, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(3)),
            CaseActionKind.Resolve => Between(random, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(15)),
            CaseActionKind.Reject => Between(random, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(6)),
            CaseActionKind.Close => Between(random, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(8)),
            _ => Between(random, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)),
        };
        if (step == CaseActionKind.Resolve && _late && !_resolvedOnce)
        {
            var overdue = Deadline + Between(random, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30));
            return overdue > due ? overdue : due;
        }

        return due;
    }

    /// <summary>Takes the next step as an action at <paramref name="now"/>.</summary>
    public CaseAction TakeStep(string actionId, DateTimeOffset now, Random random)
    {
        var step = _steps.Dequeue();
        var action = new CaseAction(actionId, Case.Id, step, _commandCentre, now, Note: null, Deadline: null, Handler: null);
        switch (step)
        {
            case CaseActionKind.Dispatch:
                return action with { Handler = _handler };
            case CaseActionKind.Resolve:
                _resolvedOnce = true;
                return action with { By = _handler, Note = FieldCatalogue.ResolveNote };
            case CaseActionKind.Reject:
                return action with { Note = Pick(random, FieldCatalogue.RejectReasons) };
            case CaseActionKind.Close:
                return action with { Note = FieldCatalogue.CloseNote };
            case CaseActionKind.Cancel:
                return action with { Note = Pick(random, FieldCatalogue.CancelReasons) };
            case CaseActionKind.Escalate:
                return action with { Note = FieldCatalogue.EscalateNote };
            default:
                Deadline += (Case.Deadline - Case.OccurredAt) / 2;
                return action with { Note = FieldCatalogue.ExtendNote, Deadline = Deadline };
        }
    }

    private static string HandlerOf(string category) =>
        FieldCatalogue.CaseHandlers.GetValueOrDefault(category, FieldCatalogue.CaseHandlers["便民服务"]);

    private static void EnqueueWhen(Queue<CaseActionKind> steps, bool condition, CaseActionKind step)
    {
        if (condition)
        {
            steps.Enqueue(step);
        }
    }

    private static TimeSpan Between(Random random, TimeSpan low, TimeSpan high) => low + ((high - low) * random.NextDouble());

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}

namespace Grains.Interfaces;

/// <summary>The states of a case (spec 2.3).</summary>
public enum CaseState
{
    /// <summary>上报.</summary>
    Reported,

    /// <summary>派遣: has a handler and a deadline.</summary>
    Dispatched,

    /// <summary>处置完成, waiting for the check.</summary>
    Resolved,

    /// <summary>核查结案.</summary>
    Closed,

    /// <summary>作废.</summary>
    Cancelled,
}

/// <summary>The actions that move a case (spec 3, <c>POST /api/cases/{id}/actions</c>).</summary>
public enum CaseActionKind
{
    /// <summary>reported -> dispatched, with a handler.</summary>
    Dispatch,

    /// <summary>dispatched -> resolved.</summary>
    Resolve,

    /// <summary>resolved -> closed.</summary>
    Close,

    /// <summary>resolved -> dispatched (返工, counted as rework).</summary>
    Reject,

    /// <summary>reported or dispatched -> cancelled, with a reason.</summary>
    Cancel,

    /// <summary>Moves an open case one level up (community -> street -> district).</summary>
    Escalate,

    /// <summary>Moves the deadline of an open case later, with a reason.</summary>
    Extend,
}

/// <summary>A new case as stored in the log; <paramref name="Deadline"/> is already resolved from the category when not given.</summary>
public sealed record NewCase(
    string Id,
    string GridId,
    string WorkerId,
    string Category,
    string Title,
    string? Description,
    DateTimeOffset OccurredAt,
    DateTimeOffset Deadline);

/// <summary>An action on a case as stored in the log; <paramref name="Id"/> makes it idempotent.</summary>
public sealed record CaseAction(
    string Id,
    string CaseId,
    CaseActionKind Action,
    string By,
    DateTimeOffset At,
    string? Note,
    DateTimeOffset? Deadline,
    string? Handler);

/// <summary>One line of a case's history: who did what when.</summary>
public sealed record CaseHistoryEntry(
    string ActionId,
    CaseActionKind? Action,
    CaseState State,
    string By,
    DateTimeOffset At,
    string? Note,
    DateTimeOffset Deadline,
    string? Handler);

/// <summary>A case with its current state and full history (the answer of <c>GET /api/cases/{id}</c>).</summary>
public sealed record CaseView(
    string Id,
    string GridId,
    string WorkerId,
    string Category,
    string Title,
    string? Description,
    CaseState State,
    UnitLevel HandlingLevel,
    string? Handler,
    DateTimeOffset OccurredAt,
    DateTimeOffset Deadline,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int ReworkCount,
    bool Overdue,
    bool DueSoon,
    IReadOnlyList<CaseHistoryEntry> History);

/// <summary>What a write (report, case, case action, worker status) did.</summary>
public enum WriteOutcome
{
    /// <summary>Durably stored and applied.</summary>
    Accepted,

    /// <summary>A repeat of an already stored write with the same content; nothing changed.</summary>
    Duplicate,

    /// <summary>The id is taken by other content; nothing changed.</summary>
    Conflict,

    /// <summary>The action is not allowed in the case's state (or the case does not exist yet); nothing changed.</summary>
    IllegalTransition,

    /// <summary>Something it names (a grid, a worker, a case) does not exist; nothing changed.</summary>
    NotFound,

    /// <summary>The write breaks a rule that needs the organisation or the clock (say, a time in the future); nothing changed.</summary>
    Invalid,
}

/// <summary>
/// The answer to a write: the outcome and, when refused, the field at fault (camelCase, as in the request) and a
/// human-readable reason.
/// </summary>
public sealed record WriteResult(WriteOutcome Outcome, string? Field = null, string? Detail = null);

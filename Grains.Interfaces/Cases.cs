using Orleans;

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

    /// <summary>
    /// 督办: a leader's demand on an open case (reported, dispatched or resolved), with a note; changes no state, is
    /// recorded in the history and counted per unit (督办数).
    /// </summary>
    Urge,
}

/// <summary>A new case as stored in the log; <paramref name="Deadline"/> is already resolved from the category when not given.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.NewCase")]
public sealed record NewCase(
    [Id(0)] string Id,
    [Id(1)] string GridId,
    [Id(2)] string WorkerId,
    [Id(3)] string Category,
    [Id(4)] string Title,
    [Id(5)] string? Description,
    [Id(6)] DateTimeOffset OccurredAt,
    [Id(7)] DateTimeOffset Deadline);

/// <summary>An action on a case as stored in the log; <paramref name="Id"/> makes it idempotent.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.CaseAction")]
public sealed record CaseAction(
    [Id(0)] string Id,
    [Id(1)] string CaseId,
    [Id(2)] CaseActionKind Action,
    [Id(3)] string By,
    [Id(4)] DateTimeOffset At,
    [Id(5)] string? Note,
    [Id(6)] DateTimeOffset? Deadline,
    [Id(7)] string? Handler);

/// <summary>One line of a case's history: who did what when.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.CaseHistoryEntry")]
public sealed record CaseHistoryEntry(
    [Id(0)] string ActionId,
    [Id(1)] CaseActionKind? Action,
    [Id(2)] CaseState State,
    [Id(3)] string By,
    [Id(4)] DateTimeOffset At,
    [Id(5)] string? Note,
    [Id(6)] DateTimeOffset Deadline,
    [Id(7)] string? Handler);

/// <summary>A case with its current state and full history (the answer of <c>GET /api/cases/{id}</c>).</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.CaseView")]
public sealed record CaseView(
    [Id(0)] string Id,
    [Id(1)] string GridId,
    [Id(2)] string WorkerId,
    [Id(3)] string Category,
    [Id(4)] string Title,
    [Id(5)] string? Description,
    [Id(6)] CaseState State,
    [Id(7)] UnitLevel HandlingLevel,
    [Id(8)] string? Handler,
    [Id(9)] DateTimeOffset OccurredAt,
    [Id(10)] DateTimeOffset Deadline,
    [Id(11)] DateTimeOffset? ResolvedAt,
    [Id(12)] DateTimeOffset? ClosedAt,
    [Id(13)] int ReworkCount,
    [Id(14)] bool Overdue,
    [Id(15)] bool DueSoon,
    [Id(16)] IReadOnlyList<CaseHistoryEntry> History,
    [Id(17)] int UrgeCount,
    [Id(18)] int ExtensionCount);

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
[GenerateSerializer, Immutable, Alias("gridpulse.WriteResult")]
public sealed record WriteResult([Id(0)] WriteOutcome Outcome, [Id(1)] string? Field = null, [Id(2)] string? Detail = null);

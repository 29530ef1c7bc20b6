using Grains.Interfaces;

namespace Grains.Cases;

/// <summary>The state of one case (案卷) as its actions built it: the fold that <see cref="CaseLifecycle"/> drives.</summary>
public sealed class CaseFile
{
    private readonly List<CaseHistoryEntry> _history = [];
    private readonly Dictionary<string, CaseAction> _actions;

    /// <summary>Opens the file of a new case: reported, handled by the community.</summary>
    public CaseFile(NewCase newCase)
    {
        _actions = new(StringComparer.Ordinal);
        Case = newCase;
        Deadline = newCase.Deadline;
        _history.Add(new CaseHistoryEntry(newCase.Id, null, CaseState.Reported, newCase.WorkerId, newCase.OccurredAt, newCase.Description, newCase.Deadline, null));
    }

    private CaseFile(CaseFile other)
    {
        Case = other.Case;
        State = other.State;
        HandlingLevel = other.HandlingLevel;
        Handler = other.Handler;
        Deadline = other.Deadline;
        ResolvedAt = other.ResolvedAt;
        ClosedAt = other.ClosedAt;
        ReworkCount = other.ReworkCount;
        UrgeCount = other.UrgeCount;
        ExtensionCount = other.ExtensionCount;
        _history.AddRange(other._history);
        _actions = new Dictionary<string, CaseAction>(other._actions, StringComparer.Ordinal);
    }

    /// <summary>The case as created.</summary>
    public NewCase Case { get; }

    /// <summary>The current state.</summary>
    public CaseState State { get; internal set; } = CaseState.Reported;

    /// <summary>The level that handles the case now.</summary>
    public UnitLevel HandlingLevel { get; internal set; } = UnitLevel.Community;

    /// <summary>Who handles it, once dispatched.</summary>
    public string? Handler { get; internal set; }

    /// <summary>The current deadline.</summary>
    public DateTimeOffset Deadline { get; internal set; }

    /// <summary>When it was last resolved, while resolved or closed.</summary>
    public DateTimeOffset? ResolvedAt { get; internal set; }

    /// <summary>When it was closed.</summary>
    public DateTimeOffset? ClosedAt { get; internal set; }

    /// <summary>How often it was sent back (返工).</summary>
    public int ReworkCount { get; internal set; }

    /// <summary>How often a leader urged it (督办).</summary>
    public int UrgeCount { get; internal set; }

    /// <summary>How often its deadline was extended (延期).</summary>
    public int ExtensionCount { get; internal set; }

    /// <summary>Who did what when, the creation first.</summary>
    public IReadOnlyList<CaseHistoryEntry> History => _history;

    /// <summary>A copy to apply an action to before it is stored.</summary>
    public CaseFile Clone() => new(this);

    /// <summary>The action with this id applied to this case, or null.</summary>
    public CaseAction? FindAction(string actionId) => _actions.GetValueOrDefault(actionId);

    internal void Record(CaseAction action)
    {
        _actions[action.Id] = action;
        _history.Add(new CaseHistoryEntry(action.Id, action.Action, State, action.By, action.At, action.Note, Deadline, Handler));
    }

    /// <summary>What a grid holds of the case.</summary>
    public CaseSummary ToSummary() => new(
        Case.Id, Case.GridId, Case.Category, Case.Title, State, HandlingLevel, Case.OccurredAt, Deadline, ClosedAt, ReworkCount, _history.Count, UrgeCount, ExtensionCount);

    /// <summary>The case with its history, with overdue and due soon at <paramref name="now"/>.</summary>
    public CaseView ToView(DateTimeOffset now) => new(
        Case.Id,
        Case.GridId,
        Case.WorkerId,
        Case.Category,
        Case.Title,
        Case.Description,
        State,
        HandlingLevel,
        Handler,
        Case.OccurredAt,
        Deadline,
        ResolvedAt,
        ClosedAt,
        ReworkCount,
        CaseDeadlines.IsOverdue(State, Deadline, now),
        CaseDeadlines.IsDueSoon(State, Case.OccurredAt, Deadline, now),
        [.. _history],
        UrgeCount,
        ExtensionCount);
}

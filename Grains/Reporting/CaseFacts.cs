namespace Grains.Reporting;

/// <summary>
/// What the evaluation needs of one case (spec 2.3), kept by the projection: where and when it was reported, its
/// latest deadline, when it was resolved (null again after a 返工), closed or cancelled, whether it was ever sent back
/// or extended, and how often it was urged (督办). No title, no description, no people.
/// </summary>
public sealed record CaseFacts(
    string Id,
    string GridId,
    string Category,
    DateTimeOffset ReportedAt,
    DateTimeOffset Deadline,
    DateTimeOffset? ResolvedAt = null,
    DateTimeOffset? ClosedAt = null,
    DateTimeOffset? CancelledAt = null,
    bool Reworked = false,
    bool Extended = false,
    int Urges = 0)
{
    /// <summary>
    /// The action names of the log (<c>CaseActionKind</c> as stored), read as text so that an action this build does
    /// not know yet (督办 <c>Urge</c>, issue 12 section 1) is still counted.
    /// </summary>
    public CaseFacts With(string action, DateTimeOffset at, DateTimeOffset? deadline) => action switch
    {
        "Dispatch" => this with { Deadline = deadline ?? Deadline },
        "Resolve" => this with { ResolvedAt = at },
        "Close" => this with { ClosedAt = at },
        "Reject" => this with { ResolvedAt = null, Reworked = true },
        "Cancel" => this with { CancelledAt = at },
        "Extend" => this with { Deadline = deadline ?? Deadline, Extended = true },
        "Urge" => this with { Urges = Urges + 1 },
        _ => this,
    };

    /// <summary>
    /// Due (应结案) at <paramref name="now"/>: not cancelled, and closed, resolved, or past its deadline (issue 12,
    /// section 2).
    /// </summary>
    public bool IsDueAt(DateTimeOffset now) =>
        CancelledAt is null && (ClosedAt is not null || ResolvedAt is not null || now > Deadline);

    /// <summary>Closed no later than its (latest) deadline.</summary>
    public bool ClosedOnTime => ClosedAt is { } closed && closed <= Deadline;

    /// <summary>
    /// Overdue (超期) at <paramref name="at"/>: reported by then, past its deadline, and neither resolved, closed nor
    /// cancelled by then. A case resolved and sent back counts from its latest resolution, and an extension made later
    /// counts as if made before: the projection keeps a case's latest state, not its history.
    /// </summary>
    public bool IsOverdueAt(DateTimeOffset at) =>
        ReportedAt <= at && Deadline < at && !IsBy(ResolvedAt, at) && !IsBy(ClosedAt, at) && !IsBy(CancelledAt, at);

    private static bool IsBy(DateTimeOffset? time, DateTimeOffset at) => time is { } t && t <= at;
}

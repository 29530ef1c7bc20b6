namespace Grains.Interfaces;

/// <summary>The counted kinds of activity (spec 2.2).</summary>
public enum ActivityKind
{
    /// <summary>走访/入户.</summary>
    Visit,

    /// <summary>培训.</summary>
    Training,

    /// <summary>活动.</summary>
    Event,
}

/// <summary>
/// A validated activity report as stored in the log. <paramref name="Households"/> is at least 1 for a visit and 0
/// otherwise; <paramref name="Participants"/> is 0 for a visit.
/// </summary>
public sealed record ActivityReport(
    string Id,
    string GridId,
    string WorkerId,
    ActivityKind Kind,
    DateTimeOffset OccurredAt,
    int Households,
    int Participants,
    string? Category,
    string? Note);

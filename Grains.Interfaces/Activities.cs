using Orleans;

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
[GenerateSerializer, Immutable, Alias("gridpulse.ActivityReport")]
public sealed record ActivityReport(
    [Id(0)] string Id,
    [Id(1)] string GridId,
    [Id(2)] string WorkerId,
    [Id(3)] ActivityKind Kind,
    [Id(4)] DateTimeOffset OccurredAt,
    [Id(5)] int Households,
    [Id(6)] int Participants,
    [Id(7)] string? Category,
    [Id(8)] string? Note);

using Grains.Hosting;

namespace Grains.Reporting;

/// <summary>The counts behind the case indicators of a window (issue 12, section 2): over its cases, cancelled ones left out.</summary>
public sealed record CaseCounts(long Due, long Closed, long ClosedOnTime, long Reworked, long Extended, long Urges)
{
    /// <summary>No case.</summary>
    public static CaseCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>The counts of the cases reported in a window, as they stand at <paramref name="now"/>.</summary>
    public static CaseCounts Of(IEnumerable<CaseFacts> cases, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cases);
        long due = 0, closed = 0, onTime = 0, reworked = 0, extended = 0, urges = 0;
        foreach (var facts in cases)
        {
            if (facts.CancelledAt is not null)
            {
                continue;
            }

            urges += facts.Urges;
            if (!facts.IsDueAt(now))
            {
                continue;
            }

            due++;
            closed += facts.ClosedAt is null ? 0 : 1;
            onTime += facts.ClosedOnTime ? 1 : 0;
            reworked += facts.Reworked ? 1 : 0;
            extended += facts.Extended ? 1 : 0;
        }

        return new(due, closed, onTime, reworked, extended, urges);
    }
}

/// <summary>The case indicators of a window: its counts, the rates over the due cases and the score; rates and score null when nothing is due.</summary>
public sealed record CaseEvaluation(
    long Due,
    long Closed,
    long ClosedOnTime,
    long Reworked,
    long Extended,
    long Urges,
    double? ClosureRate,
    double? OnTimeRate,
    double? ReworkRate,
    double? ExtensionRate,
    double? Score);

/// <summary>
/// The one formula of the evaluation (GB/T 30428.4 style, issue 12 section 2): 结案率 = closed / due, 按期结案率 =
/// closed on time / due, 返工率 = reworked / due, 延期率 = extended / due, and 综合指标值 = 按期结案率 × on-time weight
/// + 结案率 × closure weight + (1 − 返工率) × rework weight; all null when nothing is due.
/// </summary>
public static class CaseRates
{
    /// <summary>The indicators of <paramref name="counts"/> under <paramref name="weights"/>; the score is rounded to two decimals.</summary>
    public static CaseEvaluation Evaluate(CaseCounts counts, EvaluationWeights weights)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(weights);
        if (counts.Due <= 0)
        {
            return new(0, counts.Closed, counts.ClosedOnTime, counts.Reworked, counts.Extended, counts.Urges, null, null, null, null, null);
        }

        double due = counts.Due;
        var closure = counts.Closed / due;
        var onTime = counts.ClosedOnTime / due;
        var rework = counts.Reworked / due;
        var score = Cases.CaseEvaluation.Score(onTime, closure, rework, weights);
        return new(
            counts.Due, counts.Closed, counts.ClosedOnTime, counts.Reworked, counts.Extended, counts.Urges,
            closure, onTime, rework, counts.Extended / due, Math.Round(score, 2, MidpointRounding.AwayFromZero));
    }
}

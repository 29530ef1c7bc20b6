using Grains.Hosting;
using Grains.Interfaces;

namespace Grains.Cases;

/// <summary>
/// The case indicators as the digital city-management evaluation counts them (GB/T 30428.4 style, spec 2.3). Over the
/// cases of a window that are due (应结案数: reported in the window, not cancelled, and closed, resolved or past their
/// deadline): 结案率 closed / due, 按期结案率 closed no later than the deadline / due, 返工率 sent back at least once /
/// due, 延期率 extended at least once / due, and 综合指标值, the weighted score from 0 to 100; all null when nothing is
/// due, so the first days of a month show no rate rather than a red one.
/// </summary>
public static class CaseEvaluation
{
    /// <summary>The indicators of a unit with these live counts, due cases of the window and urges (督办数).</summary>
    public static CaseIndicators Indicators(LiveCounts live, DueCases due, long urges, EvaluationWeights weights)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(weights);
        if (due.Due <= 0)
        {
            return new CaseIndicators(live.Open, live.Overdue, live.DueSoon, 0, null, null, null, null, urges, null);
        }

        double count = due.Due;
        var closure = due.Closed / count;
        var onTime = due.ClosedOnTime / count;
        var rework = due.Reworked / count;
        return new CaseIndicators(
            live.Open, live.Overdue, live.DueSoon, due.Due, closure, onTime, rework, due.Extended / count, urges, Score(onTime, closure, rework, weights));
    }

    /// <summary>综合指标值: on-time rate × its weight + closure rate × its weight + (1 − rework rate) × its weight.</summary>
    public static double Score(double onTime, double closure, double rework, EvaluationWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return (onTime * weights.OnTime) + (closure * weights.Closure) + ((1 - rework) * weights.Rework);
    }
}

/// <summary>
/// The due cases of a window (应结案数) and, of them, those closed, closed no later than their deadline, sent back at
/// least once and extended at least once. Sums add field by field.
/// </summary>
public readonly record struct DueCases(long Due, long Closed, long ClosedOnTime, long Reworked, long Extended)
{
    /// <summary>The field-by-field sum.</summary>
    public static DueCases operator +(DueCases left, DueCases right) => new(
        left.Due + right.Due,
        left.Closed + right.Closed,
        left.ClosedOnTime + right.ClosedOnTime,
        left.Reworked + right.Reworked,
        left.Extended + right.Extended);

    /// <summary>The running cases past their deadline that a unit's live counts carry (none of them closed).</summary>
    public static DueCases Of(LateCases late)
    {
        ArgumentNullException.ThrowIfNull(late);
        return new(late.Count, 0, 0, late.Reworked, late.Extended);
    }
}

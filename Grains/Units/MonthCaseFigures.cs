using Grains.Cases;
using Grains.Hosting;
using Grains.Interfaces;
using Grains.Time;

namespace Grains.Units;

/// <summary>
/// The write-driven case figures behind this month's indicators (spec 2.3): of the month's cases, those reported, the
/// handled ones (resolved or closed) with their closed, on-time, reworked and extended counts, and the urges. Kept for
/// the latest month seen only, so a delta for an earlier month is ignored and a later month starts from zero. The
/// running cases past their deadline, which the clock makes due, come with the live counts (<see cref="LateCases"/>).
/// </summary>
internal sealed class MonthCaseFigures
{
    private DateOnly _month;
    private long _reported;
    private long _handled;
    private long _closed;
    private long _closedOnTime;
    private long _reworked;
    private long _extended;
    private long _urges;

    public void Apply(MonthCaseDelta delta)
    {
        if (delta.Month < _month)
        {
            return;
        }

        if (delta.Month > _month)
        {
            _month = delta.Month;
            _reported = _handled = _closed = _closedOnTime = _reworked = _extended = _urges = 0;
        }

        _reported += delta.Reported;
        _handled += delta.Handled;
        _closed += delta.Closed;
        _closedOnTime += delta.ClosedOnTime;
        _reworked += delta.Reworked;
        _extended += delta.Extended;
        _urges += delta.Urges;
    }

    /// <summary>
    /// The figures as deltas that rebuild them (and the categories) from zero: <paramref name="categories"/> (one per
    /// category, its reported cases only) and one without a category for everything else and whatever reported cases
    /// the categories do not carry. Empty while no case was seen.
    /// </summary>
    public IReadOnlyList<MonthCaseDelta> Export(IReadOnlyList<MonthCaseDelta> categories)
    {
        if (_month == default)
        {
            return [];
        }

        var inCategories = categories.Where(c => c.Month == _month).Sum(c => c.Reported);
        return [
            .. categories.Where(c => c.Month == _month),
            new MonthCaseDelta(_month, "", _reported - inCategories, _handled, _closed, _closedOnTime, _reworked, _extended, _urges)];
    }

    /// <summary>
    /// The case indicators, in the month of <paramref name="today"/>, of a unit with these figures (null when it has seen
    /// no case) and these live counts, whose late cases are that month's.
    /// </summary>
    public static CaseIndicators Indicators(MonthCaseFigures? figures, DateOnly today, LiveCounts live, EvaluationWeights weights)
    {
        var due = DueCases.Of(live.Late);
        long urges = 0;
        if (figures is not null && figures._month == LocalClock.FirstOfMonth(today))
        {
            due += new DueCases(figures._handled, figures._closed, figures._closedOnTime, figures._reworked, figures._extended);
            urges = figures._urges;
        }

        return CaseEvaluation.Indicators(live, due, urges, weights);
    }
}

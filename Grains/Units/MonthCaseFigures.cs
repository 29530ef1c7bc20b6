using Grains.Interfaces;
using Grains.Time;

namespace Grains.Units;

/// <summary>
/// The case figures behind this month's rates (结案率, 按期结案率, 返工率): kept for the latest month seen only, so a
/// delta for an earlier month is ignored and a later month starts from zero.
/// </summary>
internal sealed class MonthCaseFigures
{
    private DateOnly _month;
    private long _reported;
    private long _closed;
    private long _closedOnTime;
    private long _reworked;
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
            _reported = _closed = _closedOnTime = _reworked = _urges = 0;
        }

        _reported += delta.Reported;
        _closed += delta.Closed;
        _closedOnTime += delta.ClosedOnTime;
        _reworked += delta.Reworked;
        _urges += delta.Urges;
    }

    /// <summary>
    /// The figures as deltas that rebuild them (and the categories) from zero: <paramref name="categories"/> (one per
    /// category, its reported cases only) and one without a category for the closed, on-time and reworked counts and
    /// whatever reported cases the categories do not carry. Empty while no case was seen.
    /// </summary>
    public IReadOnlyList<MonthCaseDelta> Export(IReadOnlyList<MonthCaseDelta> categories)
    {
        if (_month == default)
        {
            return [];
        }

        var inCategories = categories.Where(c => c.Month == _month).Sum(c => c.Reported);
        return [.. categories.Where(c => c.Month == _month), new MonthCaseDelta(_month, "", _reported - inCategories, _closed, _closedOnTime, _reworked, _urges)];
    }

    /// <summary>
    /// The case indicators of a unit with these figures (null when it has seen no case) and these live counts, in the
    /// month of <paramref name="today"/>: rates null while no case was reported that month.
    /// </summary>
    public static CaseIndicators Indicators(MonthCaseFigures? figures, DateOnly today, LiveCounts live)
    {
        if (figures is null || figures._month != LocalClock.FirstOfMonth(today))
        {
            return new CaseIndicators(live.Open, live.Overdue, live.DueSoon, null, null, null, 0);
        }

        double reported = figures._reported;
        return reported <= 0
            ? new CaseIndicators(live.Open, live.Overdue, live.DueSoon, null, null, null, figures._urges)
            : new CaseIndicators(live.Open, live.Overdue, live.DueSoon, figures._closed / reported, figures._closedOnTime / reported, figures._reworked / reported, figures._urges);
    }
}

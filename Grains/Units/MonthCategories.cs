using Grains.Interfaces;
using Grains.Time;

namespace Grains.Units;

/// <summary>
/// Cases reported per category in the latest month seen (cancelled left out): a delta for an earlier month is
/// ignored and a later month starts from zero, as <see cref="MonthCaseFigures"/> does for the rates.
/// </summary>
internal sealed class MonthCategories
{
    // Made at the first case: most units of a big organisation never see one in a month.
    private Dictionary<string, long>? _reported;
    private DateOnly _month;

    public void Apply(MonthCaseDelta delta)
    {
        if (delta.Month < _month || delta.Reported == 0)
        {
            return;
        }

        if (delta.Month > _month)
        {
            _month = delta.Month;
            _reported?.Clear();
        }

        _reported ??= new Dictionary<string, long>(StringComparer.Ordinal);
        var count = _reported.GetValueOrDefault(delta.Category) + delta.Reported;
        if (count == 0)
        {
            _reported.Remove(delta.Category);
        }
        else
        {
            _reported[delta.Category] = count;
        }
    }

    /// <summary>The reported cases per category of the latest month, as deltas that rebuild them from zero.</summary>
    public IReadOnlyList<MonthCaseDelta> Export() =>
        _reported is null ? [] : [.. _reported.Select(p => new MonthCaseDelta(_month, p.Key, p.Value, 0, 0, 0, 0, 0, 0))];

    /// <summary>The categories of the month of <paramref name="today"/>, largest first, ties by name.</summary>
    public IReadOnlyList<CategoryCount> Of(DateOnly today) =>
        _month != LocalClock.FirstOfMonth(today) || _reported is null
            ? []
            : [.. _reported
                .Where(p => p.Value > 0)
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new CategoryCount(p.Key, p.Value))];
}

using Grains.Interfaces;

namespace Grains.Units;

/// <summary>The deltas of one change, summed per local hour and per month, ready to apply and to send up.</summary>
internal sealed class DeltaBatch
{
    private readonly Dictionary<(DateOnly Date, int Hour), long[]> _hours = [];
    private readonly Dictionary<(DateOnly Month, string Category), long[]> _months = [];

    public void AddCounts(DateOnly date, int hour, int field, long amount)
    {
        if (amount == 0)
        {
            return;
        }

        if (!_hours.TryGetValue((date, hour), out var values))
        {
            values = new long[CountVector.Fields];
            _hours[(date, hour)] = values;
        }

        values[field] += amount;
    }

    public void AddCounts(DateOnly date, int hour, int field, long amount, int otherField, long otherAmount)
    {
        if (!_hours.TryGetValue((date, hour), out var values))
        {
            values = new long[CountVector.Fields];
            _hours[(date, hour)] = values;
        }

        values[field] += amount;
        values[otherField] += otherAmount;
    }

    public void AddMonth(MonthCaseDelta delta)
    {
        if (!_months.TryGetValue((delta.Month, delta.Category), out var values))
        {
            values = new long[7];
            _months[(delta.Month, delta.Category)] = values;
        }

        values[0] += delta.Reported;
        values[1] += delta.Handled;
        values[2] += delta.Closed;
        values[3] += delta.ClosedOnTime;
        values[4] += delta.Reworked;
        values[5] += delta.Extended;
        values[6] += delta.Urges;
    }

    /// <summary>Adds the deltas of a child's update.</summary>
    public void Add(UnitUpdate update)
    {
        foreach (var delta in update.Counts)
        {
            var values = CountVector.From(delta.Counts);
            if (!_hours.TryGetValue((delta.Date, delta.Hour), out var sum))
            {
                sum = new long[CountVector.Fields];
                _hours[(delta.Date, delta.Hour)] = sum;
            }

            for (var field = 0; field < CountVector.Fields; field++)
            {
                sum[field] += values[field];
            }
        }

        foreach (var delta in update.MonthCases)
        {
            AddMonth(delta);
        }
    }

    /// <summary>True when nothing was added.</summary>
    public bool IsEmpty => _hours.Count == 0 && _months.Count == 0;

    public IReadOnlyList<HourDelta> Hours() =>
        [.. _hours.Where(p => !CountVector.IsZero(p.Value))
            .Select(p => new HourDelta(p.Key.Date, p.Key.Hour, CountVector.ToCounts(p.Value)))];

    public IReadOnlyList<MonthCaseDelta> Months() =>
        [.. _months.Where(p => !CountVector.IsZero(p.Value))
            .Select(p => new MonthCaseDelta(p.Key.Month, p.Key.Category, p.Value[0], p.Value[1], p.Value[2], p.Value[3], p.Value[4], p.Value[5], p.Value[6]))];
}

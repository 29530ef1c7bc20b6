using Grains.Interfaces;
using Grains.Time;

namespace Grains.Units;

/// <summary>
/// The additive counts of a unit: a ring of the last 31 local days, the hours of the latest two days, totals, and the
/// case figures of the latest month, in all and per category. Deltas may arrive in any order: a bucket keeps the latest date it has seen, so
/// a unit and the sum of its children agree whatever the order.
/// </summary>
internal sealed class UnitCounters
{
    private const int DayCount = 31;
    private const int Fields = CountVector.Fields;
    private const int HourFields = 4;

    private readonly DateOnly[] _dayStamps = new DateOnly[DayCount];
    private readonly int[] _days = new int[DayCount * Fields];
    // Two days of hours, by the parity of the day, so a report a few minutes past midnight (clock skew) does not
    // wipe the hours of the day still running.
    private readonly DateOnly[] _hourDates = new DateOnly[2];
    private readonly int[] _hours = new int[2 * 24 * HourFields];
    private readonly long[] _total = new long[Fields];
    private readonly MonthCaseFigures _month = new();
    private readonly MonthCategories _categories = new();

    public void Apply(HourDelta delta)
    {
        var values = CountVector.From(delta.Counts);
        for (var i = 0; i < Fields; i++)
        {
            _total[i] += values[i];
        }

        ApplyDay(delta.Date, values);
        ApplyHour(delta.Date, delta.Hour, values);
    }

    public void Apply(MonthCaseDelta delta)
    {
        _month.Apply(delta);
        _categories.Apply(delta);
    }

    public WindowCounts Today(DateOnly today) => SumDays(today, today);

    public WindowCounts Month(DateOnly today) => SumDays(LocalClock.FirstOfMonth(today), today);

    public WindowCounts Total() => CountVector.ToCounts(_total);

    public (double? Closure, double? OnTime, double? Rework) Rates(DateOnly today) => _month.Rates(today);

    public IReadOnlyList<CategoryCount> Categories(DateOnly today) => _categories.Of(today);

    public IReadOnlyList<HourBucket> Hourly(DateOnly today)
    {
        var buckets = new HourBucket[24];
        var day = today.DayNumber % 2;
        var current = _hourDates[day] == today;
        for (var hour = 0; hour < 24; hour++)
        {
            var at = ((day * 24) + hour) * HourFields;
            buckets[hour] = current
                ? new HourBucket(_hours[at], _hours[at + 1], _hours[at + 2], _hours[at + 3])
                : new HourBucket(0, 0, 0, 0);
        }

        return buckets;
    }

    public IReadOnlyList<DayBucket> Daily(DateOnly today)
    {
        var buckets = new DayBucket[DayCount];
        for (var i = 0; i < DayCount; i++)
        {
            var date = today.AddDays(i - DayCount + 1);
            var slot = Slot(date);
            var at = slot * Fields;
            buckets[i] = _dayStamps[slot] == date
                ? new DayBucket(date, _days[at + CountField.Visits], _days[at + CountField.CasesReported], _days[at + CountField.Trainings], _days[at + CountField.Events])
                : new DayBucket(date, 0, 0, 0, 0);
        }

        return buckets;
    }

    private void ApplyDay(DateOnly date, long[] values)
    {
        var slot = Slot(date);
        if (_dayStamps[slot] > date)
        {
            return;
        }

        var at = slot * Fields;
        if (_dayStamps[slot] < date)
        {
            _dayStamps[slot] = date;
            Array.Clear(_days, at, Fields);
        }

        for (var i = 0; i < Fields; i++)
        {
            _days[at + i] += (int)values[i];
        }
    }

    private void ApplyHour(DateOnly date, int hour, long[] values)
    {
        var day = date.DayNumber % 2;
        if (date < _hourDates[day])
        {
            return;
        }

        if (date > _hourDates[day])
        {
            _hourDates[day] = date;
            Array.Clear(_hours, day * 24 * HourFields, 24 * HourFields);
        }

        var at = ((day * 24) + hour) * HourFields;
        _hours[at] += (int)values[CountField.Visits];
        _hours[at + 1] += (int)values[CountField.CasesReported];
        _hours[at + 2] += (int)values[CountField.Trainings];
        _hours[at + 3] += (int)values[CountField.Events];
    }

    private WindowCounts SumDays(DateOnly from, DateOnly to)
    {
        var sum = new long[Fields];
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var slot = Slot(date);
            if (_dayStamps[slot] != date)
            {
                continue;
            }

            var at = slot * Fields;
            for (var i = 0; i < Fields; i++)
            {
                sum[i] += _days[at + i];
            }
        }

        return CountVector.ToCounts(sum);
    }

    private static int Slot(DateOnly date) => date.DayNumber % DayCount;
}

using Grains.Interfaces;

namespace Grains.Units;

/// <summary>
/// Reports per local hour of the days before the two a unit keeps full hours of (<see cref="UnitCounters"/>), back to
/// <see cref="Days"/> days before the latest day it has seen: what a report surge is measured against (the same hour
/// of each of the 28 days before today). Sparse, as <see cref="UnitCounters"/> keeps its days and hours: most units
/// report in a few hours of a day, so only the hours with reports are held, at most 29 × 24 of them.
/// </summary>
/// <remarks>
/// An entry is two ints, ascending by hour number (the day number times 24 plus the hour) then the reports: the hours
/// arrive mostly in order, so a new one is mostly appended, and a lookup is a binary search.
/// </remarks>
internal sealed class HourHistory
{
    /// <summary>How many days before the latest one the history keeps: four weeks.</summary>
    public const int Days = 28;

    private const int Stride = 2;

    private int[] _entries = [];
    private int _count;

    // The first day kept; entries of earlier days are dropped, and reports of them ignored.
    private int _firstDay = int.MinValue;

    /// <summary>Adds <paramref name="reports"/> to <paramref name="hour"/> of <paramref name="date"/>, once the days more than <see cref="Days"/> before <paramref name="latest"/> are dropped.</summary>
    public void Add(DateOnly date, int hour, long reports, DateOnly latest)
    {
        KeepFrom(latest.DayNumber - Days);
        if (reports == 0 || date.DayNumber < _firstDay)
        {
            return;
        }

        var key = HourNumber(date, hour);
        var at = Find(key);
        if (at < 0)
        {
            at = ~at;
            if ((_count + 1) * Stride > _entries.Length)
            {
                Array.Resize(ref _entries, Math.Max(_count + 1, Math.Min(Math.Max(_count * 2, 4), (Days + 1) * 24)) * Stride);
            }

            Array.Copy(_entries, at * Stride, _entries, (at + 1) * Stride, (_count - at) * Stride);
            _entries[at * Stride] = key;
            _entries[(at * Stride) + 1] = 0;
            _count++;
        }

        _entries[(at * Stride) + 1] += (int)reports;
    }

    /// <summary>The reports held for <paramref name="hour"/> of <paramref name="date"/>.</summary>
    public long ReportsAt(DateOnly date, int hour)
    {
        var at = Find(HourNumber(date, hour));
        return at < 0 ? 0 : _entries[(at * Stride) + 1];
    }

    /// <summary>The days held, oldest first, each with its 24 hours.</summary>
    public IReadOnlyList<DayHours> Export()
    {
        var days = new List<DayHours>();
        int[]? hours = null;
        var day = int.MinValue;
        for (var i = 0; i < _count; i++)
        {
            var key = _entries[i * Stride];
            if (key / 24 != day)
            {
                day = key / 24;
                hours = new int[24];
                days.Add(new DayHours(DateOnly.FromDayNumber(day), hours));
            }

            hours![key % 24] = _entries[(i * Stride) + 1];
        }

        return days;
    }

    private void KeepFrom(int firstDay)
    {
        if (firstDay <= _firstDay)
        {
            return;
        }

        _firstDay = firstDay;
        var kept = 0;
        while (kept < _count && _entries[kept * Stride] / 24 < firstDay)
        {
            kept++;
        }

        Array.Copy(_entries, kept * Stride, _entries, 0, (_count - kept) * Stride);
        _count -= kept;
    }

    /// <summary>The entry of <paramref name="key"/>, or the bitwise complement of where it would go.</summary>
    private int Find(int key)
    {
        int low = 0, high = _count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var held = _entries[middle * Stride];
            if (held == key)
            {
                return middle;
            }

            if (held < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    private static int HourNumber(DateOnly date, int hour) => (date.DayNumber * 24) + hour;
}

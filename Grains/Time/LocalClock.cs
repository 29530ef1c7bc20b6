using Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Grains.Time;

/// <summary>The current time and the local calendar (days, hours, months) of the configured time zone.</summary>
public sealed class LocalClock
{
    /// <summary>How many local days the clock keeps at hand: a month's, so that reports spread over weeks (a backfill, a replay) rarely convert.</summary>
    private const int KeptDays = 32;

    private static readonly LocalDay NoDay = new(DateOnly.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.MinValue, Uniform: false);

    private readonly TimeProvider _time;
    private readonly long _baseOffsetTicks;

    // Local days met lately, each in the slot of its day number in the zone's base offset: a conversion through the
    // time zone's rules costs more than counting a report, and every report needs its local day and hour. Shared by
    // every thread; a slot is replaced whole, never changed.
    private readonly LocalDay[] _days = [.. Enumerable.Repeat(NoDay, KeptDays)];

    /// <summary>Reads the time zone from <see cref="GridPulseOptions.TimeZone"/>.</summary>
    public LocalClock(TimeProvider time, IOptions<GridPulseOptions> options)
    {
        _time = time;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        _baseOffsetTicks = Zone.BaseUtcOffset.Ticks;
    }

    /// <summary>The local time zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Now, in UTC.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The local date of now.</summary>
    public DateOnly Today => DateOf(Now);

    /// <summary>The local date of <paramref name="at"/>.</summary>
    public DateOnly DateOf(DateTimeOffset at) => DayOf(at).Date;

    /// <summary>The local hour (0..23) of <paramref name="at"/>.</summary>
    public int HourOf(DateTimeOffset at) => LocalHourOf(at).Hour;

    /// <summary>The local date and hour (0..23) of <paramref name="at"/>.</summary>
    public (DateOnly Date, int Hour) LocalHourOf(DateTimeOffset at)
    {
        var day = DayOf(at);
        // A day of 24 hours on one offset throughout: its hours follow from its start. A day that changes offset
        // (daylight saving) asks the zone.
        return day.Uniform ? (day.Date, (int)((at - day.Start).Ticks / TimeSpan.TicksPerHour)) : (day.Date, ToLocal(at).Hour);
    }

    /// <summary>The first day of the local month of <paramref name="at"/>.</summary>
    public DateOnly MonthOf(DateTimeOffset at) => FirstOfMonth(DateOf(at));

    /// <summary>The first day of the month of <paramref name="date"/>.</summary>
    public static DateOnly FirstOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>The next local midnight after <paramref name="at"/>, in UTC.</summary>
    public DateTimeOffset NextMidnightAfter(DateTimeOffset at) => DayOf(at).End;

    /// <summary>The start of the next local hour after <paramref name="at"/>, in UTC.</summary>
    public DateTimeOffset NextHourAfter(DateTimeOffset at)
    {
        var local = ToLocal(at);
        var next = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified).AddHours(1);
        return new DateTimeOffset(next, Zone.GetUtcOffset(next)).ToUniversalTime();
    }

    /// <summary>The local day that holds <paramref name="at"/>: kept from an earlier time of that day, or converted and kept.</summary>
    private LocalDay DayOf(DateTimeOffset at)
    {
        var slot = (int)((ulong)((at.UtcTicks + _baseOffsetTicks) / TimeSpan.TicksPerDay) % KeptDays);
        var day = _days[slot];
        if (at >= day.Start && at < day.End)
        {
            return day;
        }

        var date = DateOnly.FromDateTime(ToLocal(at));
        var start = MidnightStarting(date);
        var end = MidnightStarting(date.AddDays(1));
        day = new LocalDay(date, start, end, end - start == TimeSpan.FromDays(1) && Zone.GetUtcOffset(start) == Zone.GetUtcOffset(end.AddTicks(-1)));
        _days[slot] = day;
        return day;
    }

    /// <summary>The local midnight that starts <paramref name="date"/>, in UTC.</summary>
    public DateTimeOffset MidnightStarting(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    private DateTime ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;

    /// <summary>A local day: its date, the UTC times it starts and ends at, and whether it is 24 hours on one offset.</summary>
    private sealed record LocalDay(DateOnly Date, DateTimeOffset Start, DateTimeOffset End, bool Uniform);
}

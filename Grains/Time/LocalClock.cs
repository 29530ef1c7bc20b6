using Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Grains.Time;

/// <summary>The current time and the local calendar (days, hours, months) of the configured time zone.</summary>
public sealed class LocalClock
{
    private readonly TimeProvider _time;

    // The local day of the latest time asked about: grids ask for its date and next midnight at every write.
    private LocalDay _day = new(DateOnly.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.MinValue);

    /// <summary>Reads the time zone from <see cref="GridPulseOptions.TimeZone"/>.</summary>
    public LocalClock(TimeProvider time, IOptions<GridPulseOptions> options)
    {
        _time = time;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
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
    public int HourOf(DateTimeOffset at) => ToLocal(at).Hour;

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

    /// <summary>The local day that holds <paramref name="at"/>: from the latest one asked about when it is that day.</summary>
    private LocalDay DayOf(DateTimeOffset at)
    {
        var day = _day;
        if (at >= day.Start && at < day.End)
        {
            return day;
        }

        var date = DateOnly.FromDateTime(ToLocal(at));
        day = new LocalDay(date, MidnightStarting(date), MidnightStarting(date.AddDays(1)));
        _day = day;
        return day;
    }

    /// <summary>The local midnight that starts <paramref name="date"/>, in UTC.</summary>
    public DateTimeOffset MidnightStarting(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    private DateTime ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;

    /// <summary>A local day: its date and the UTC times it starts and ends at.</summary>
    private sealed record LocalDay(DateOnly Date, DateTimeOffset Start, DateTimeOffset End);
}

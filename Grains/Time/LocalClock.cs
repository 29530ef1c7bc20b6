using Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Grains.Time;

/// <summary>The current time and the local calendar (days, hours, months) of the configured time zone.</summary>
public sealed class LocalClock
{
    private readonly TimeProvider _time;

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
    public DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(ToLocal(at));

    /// <summary>The local hour (0..23) of <paramref name="at"/>.</summary>
    public int HourOf(DateTimeOffset at) => ToLocal(at).Hour;

    /// <summary>The first day of the local month of <paramref name="at"/>.</summary>
    public DateOnly MonthOf(DateTimeOffset at) => FirstOfMonth(DateOf(at));

    /// <summary>The first day of the month of <paramref name="date"/>.</summary>
    public static DateOnly FirstOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>The next local midnight after <paramref name="at"/>, in UTC.</summary>
    public DateTimeOffset NextMidnightAfter(DateTimeOffset at)
    {
        var tomorrow = DateOf(at).AddDays(1).ToDateTime(TimeOnly.MinValue);
        var offset = Zone.GetUtcOffset(tomorrow);
        return new DateTimeOffset(tomorrow, offset).ToUniversalTime();
    }

    private DateTime ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;
}

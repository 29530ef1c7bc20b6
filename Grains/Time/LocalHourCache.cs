namespace Grains.Time;

/// <summary>
/// The local date and hour of a time, remembering the last quarter hour it converted: reports mostly come in time
/// order, and every time zone offset is a whole number of quarter hours, so one quarter hour lies in one local hour.
/// Not thread-safe: one per fold or per call.
/// </summary>
internal sealed class LocalHourCache(LocalClock clock)
{
    private static readonly long TicksPerQuarter = TimeSpan.FromMinutes(15).Ticks;

    private long _quarter = long.MinValue;
    private DateOnly _date;
    private int _hour;

    public (DateOnly Date, int Hour) LocalHourOf(DateTimeOffset at)
    {
        var quarter = at.UtcTicks / TicksPerQuarter;
        if (quarter != _quarter)
        {
            var local = TimeZoneInfo.ConvertTime(at, clock.Zone);
            _quarter = quarter;
            _date = DateOnly.FromDateTime(local.DateTime);
            _hour = local.Hour;
        }

        return (_date, _hour);
    }
}

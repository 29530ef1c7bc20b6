using Grains.Hosting;
using Grains.Time;
using Microsoft.Extensions.Options;

namespace Grains.Tests.Time;

/// <summary>The local days the clock keeps at hand answer as the time zone's own conversion does, daylight saving included.</summary>
public sealed class LocalClockTests
{
    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Australia/Lord_Howe")]
    public void The_local_day_and_hour_of_any_time_are_the_zones_own(string zoneId)
    {
        // Arrange: times in no order over two years, so that kept days are met again, replaced and crossed by every
        // change of offset (Lord Howe shifts by half an hour, Kathmandu is 5:45 ahead).
        var clock = new LocalClock(TimeProvider.System, Options.Create(new GridPulseOptions { TimeZone = zoneId }));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var random = new Random(20_261_206);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var times = Enumerable.Range(0, 200_000).Select(_ => start.AddMinutes(random.Next(0, 2 * 366 * 24 * 60))).ToList();
        times.AddRange(TransitionsOf(zone, start, start.AddYears(2)));

        foreach (var at in times)
        {
            // Act
            var (date, hour) = clock.LocalHourOf(at);

            // Assert
            var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
            Assert.True(
                (DateOnly.FromDateTime(local), local.Hour) == (date, hour),
                $"{at:O} in {zoneId}: expected {local:yyyy-MM-dd HH:mm}, got {date} hour {hour}");
            Assert.Equal(DateOnly.FromDateTime(local), clock.DateOf(at));
        }
    }

    /// <summary>Every minute around each change of the zone's offset between <paramref name="from"/> and <paramref name="to"/>.</summary>
    private static IEnumerable<DateTimeOffset> TransitionsOf(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        for (var at = from; at < to; at = at.AddMinutes(30))
        {
            if (zone.GetUtcOffset(at) != zone.GetUtcOffset(at.AddMinutes(30)))
            {
                for (var minute = -90; minute <= 120; minute++)
                {
                    yield return at.AddMinutes(minute);
                }
            }
        }
    }
}

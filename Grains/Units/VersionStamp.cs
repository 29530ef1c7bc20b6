namespace Grains.Units;

/// <summary>
/// Where a unit activation starts its versions: the real time in milliseconds times 1024. A unit that activates again,
/// on this silo or another, starts above every version it reached before (it would need more than a thousand changes
/// a millisecond to catch up), so the versions a wall sees never go backwards, whatever the domain clock says. The
/// values stay below 2^53, so JavaScript reads them exactly.
/// </summary>
internal static class VersionStamp
{
    public static long Start() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() << 10;
}

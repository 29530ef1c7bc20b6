using System.IO.Compression;
using System.Text.Json;
using Grains.Interfaces;
using Grains.Replay;
using Grains.Time;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Replay;

/// <summary>
/// The replays of past days as the wall plays them (<see cref="ReplayAnswer"/>), gzipped: built one at a time, so that
/// replays never take more than one core from live ingestion, and kept for past days (they never change) in a bounded
/// cache. Today's replay plays up to the minute it was built and is kept for <see cref="TodayLife"/>, so that walls
/// replaying today do not fold the log once a request each.
/// </summary>
public sealed class ReplayArchive(DayReplay replay, LocalClock clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IDisposable
{
    /// <summary>An archive whose requests wait <paramref name="patience"/> for the replay being built; tests shorten it.</summary>
    internal ReplayArchive(DayReplay replay, LocalClock clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeSpan patience)
        : this(replay, clock, json) => _patience = patience;

    /// <summary>How many past days' replays the cache keeps.</summary>
    public const int CachedDays = 16;

    /// <summary>How long a request waits for the replay being built before it is answered 503.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>How long today's replay is kept: it plays up to the minute it was built.</summary>
    public static readonly TimeSpan TodayLife = TimeSpan.FromMinutes(1);

    private readonly TimeSpan _patience = Patience;
    private readonly SemaphoreSlim _building = new(1, 1);
    // Full, the cache refuses a new day and drops a quarter of the least recently used ones for the next.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CachedDays, CompactionPercentage = 0.25 });

    /// <summary>
    /// The gzipped JSON of the replay of <paramref name="date"/> of <paramref name="unitId"/>; null when the unit is
    /// unknown. Throws <see cref="TimeoutException"/> when another replay is still being built after <see cref="Patience"/>.
    /// </summary>
    public async Task<byte[]?> GetAsync(string unitId, DateOnly date, CancellationToken cancellationToken)
    {
        var key = (unitId, date);
        if (_cache.TryGetValue(key, out byte[]? cached))
        {
            return cached;
        }

        if (!await _building.WaitAsync(_patience, cancellationToken))
        {
            throw new TimeoutException("Another replay is being built.");
        }

        try
        {
            // Built by the request that held the gate before this one.
            if (_cache.TryGetValue(key, out cached))
            {
                return cached;
            }

            var now = clock.Now;
            if (await replay.BuildAsync(unitId, date, now, cancellationToken) is not { } day)
            {
                return null;
            }

            var gzipped = Gzip(JsonSerializer.SerializeToUtf8Bytes(ReplayAnswer.Of(day, json.Value.SerializerOptions), json.Value.SerializerOptions));
            _cache.Set(key, gzipped, date < clock.DateOf(now)
                ? new MemoryCacheEntryOptions { Size = 1 }
                : new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TodayLife });

            return gzipped;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>Releases the gate and the cache.</summary>
    public void Dispose()
    {
        _building.Dispose();
        _cache.Dispose();
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}

/// <summary>
/// A replayed day as <c>GET /api/units/{id}/replay</c> answers it: the wall's snapshot at local midnight
/// (<paramref name="Start"/>, the record the hub pushes), then a frame for each minute whose snapshot differs from the
/// one before (<paramref name="Frames"/>; minute 0 is midnight), the number of minutes the day plays
/// (<paramref name="Minutes"/>: 1440, or up to now for today), the day's feed items (at most 30 a minute, oldest first),
/// and <paramref name="Recorded"/>: false when the log holds no event time that day (stored before they were kept),
/// so the day cannot be replayed.
/// </summary>
public sealed record ReplayAnswer(
    string UnitId,
    DateOnly Date,
    DateTimeOffset Midnight,
    int Minutes,
    bool Recorded,
    UnitSnapshot? Start,
    IReadOnlyList<ReplayFrame> Frames,
    IReadOnlyList<ActivityItem> Feed)
{
    /// <summary>The answer of <paramref name="day"/>, its unchanged minutes left out (compared as the wall would see them).</summary>
    public static ReplayAnswer Of(ReplayedDay day, JsonSerializerOptions options)
    {
        var frames = new List<ReplayFrame>();
        byte[]? previous = null;
        for (var minute = 1; minute < day.Frames.Count; minute++)
        {
            var snapshot = day.Frames[minute];
            var shown = JsonSerializer.SerializeToUtf8Bytes(snapshot with { Version = 0, AsOf = default }, options);
            previous ??= JsonSerializer.SerializeToUtf8Bytes(day.Frames[0] with { Version = 0, AsOf = default }, options);
            if (!shown.AsSpan().SequenceEqual(previous))
            {
                frames.Add(new ReplayFrame(minute, snapshot));
            }

            previous = shown;
        }

        return new ReplayAnswer(
            day.UnitId, day.Date, day.Start, day.Frames.Count, day.Recorded, day.Frames.Count > 0 ? day.Frames[0] : null, frames, day.Feed);
    }
}

/// <summary>The wall's snapshot from <paramref name="Minute"/> (after local midnight) until the next frame.</summary>
public sealed record ReplayFrame(int Minute, UnitSnapshot Snapshot);

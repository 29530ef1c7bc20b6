using Dashboard.Web.Replay;
using Dashboard.Web.Tests.Infrastructure;
using Grains.Hosting;
using Grains.Live;
using Grains.Organisation;
using Grains.Replay;
using Grains.Time;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Storage;
using TestSupport;

namespace Dashboard.Web.Tests.Replay;

public sealed class ReplayArchiveTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 15);

    private readonly TestDirectory _directory = new();
    private SqliteEventLog _log = null!;

    public Task InitializeAsync()
    {
        _log = new SqliteEventLog(Options.Create(new StorageOptions { DataDirectory = _directory.DataDirectory }));
        return Task.CompletedTask;
    }

    // xunit calls DisposeAsync (the log lets go of the database) before Dispose (the directory goes).
    public async Task DisposeAsync() => await _log.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_past_day_is_built_once_and_then_read_from_the_cache_and_today_kept_for_a_minute()
    {
        var log = new HeldEventLog(_log);
        log.Release();
        using var archive = Archive(log, ReplayArchive.Patience);

        var first = await archive.GetAsync("t-s1", Today.AddDays(-1), CancellationToken.None);
        var again = await archive.GetAsync("t-s1", Today.AddDays(-1), CancellationToken.None);
        var today = await archive.GetAsync("t-s1", Today, CancellationToken.None);
        var todayAgain = await archive.GetAsync("t-s1", Today, CancellationToken.None);

        Assert.Same(first, again);
        Assert.Same(today, todayAgain);
        Assert.Equal(2, log.Reads);
    }

    [Fact]
    public async Task A_request_while_another_replay_is_built_waits_and_then_gives_up()
    {
        var log = new HeldEventLog(_log);
        using var archive = Archive(log, TimeSpan.FromMilliseconds(200));
        var building = archive.GetAsync("t-d", Today.AddDays(-1), CancellationToken.None);
        await log.Reading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<TimeoutException>(() => archive.GetAsync("t-s1", Today.AddDays(-2), CancellationToken.None));
        log.Release();

        Assert.NotNull(await building.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.NotNull(await archive.GetAsync("t-s1", Today.AddDays(-2), CancellationToken.None));
        Assert.Null(await archive.GetAsync("no-such-unit", Today, CancellationToken.None));
    }

    private ReplayArchive Archive(IEventLog log, TimeSpan patience)
    {
        var organisation = OrganisationTree.Load(_directory.OrganisationFile);
        var clock = new LocalClock(new FakeTimeProvider(Now), Options.Create(new GridPulseOptions()));
        var replay = new DayReplay(
            log, organisation, clock, new ActivityFeed(organisation), Options.Create(new EvaluationOptions()), Options.Create(new SurgeOptions()));
        return new ReplayArchive(replay, clock, Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions()), patience);
    }

    /// <summary>A log whose event-time reads wait until the test releases them, and are counted.</summary>
    private sealed class HeldEventLog(IEventLog inner) : ForwardingEventLog(inner)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Reads { get; private set; }

        public void Release() => _released.TrySetResult();

        public override async IAsyncEnumerable<StoredEntry> ReadOccurredAsync(
            DateTimeOffset since, DateTimeOffset until, IReadOnlyList<string> types, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Reads++;
            Reading.TrySetResult();
            await _released.Task;
            await foreach (var entry in base.ReadOccurredAsync(since, until, types, cancellationToken))
            {
                yield return entry;
            }
        }
    }
}

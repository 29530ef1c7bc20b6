using System.Globalization;
using Storage;

namespace Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IEventLog"/> must have. Each storage engine derives from this class and says how to
/// open a log on a store (a directory here; the directory's name can name a database elsewhere).
/// </summary>
public abstract class EventLogContractTests : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<IEventLog> _openLogs = [];

    protected EventLogContractTests()
    {
        Directory = Path.Combine(Path.GetTempPath(), "gridpulse-storage-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>A fresh directory for this test, deleted after it.</summary>
    protected string Directory { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var log in _openLogs)
        {
            await CloseAsync(log);
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    [Fact]
    public async Task Appended_entries_are_read_back_by_a_new_log_after_a_restart()
    {
        var log = OpenLog();
        var entries = new[] { Report("r1", "grid/a"), Report("r2", "grid/b"), Case("c1") };
        await log.AppendAsync(entries).WaitAsync(Patience);

        await CloseAsync(log);
        var restarted = OpenLog();
        var stored = await ReadAllAsync(restarted);

        Assert.Equal(entries, stored.Select(AsLogEntry));
    }

    [Fact]
    public async Task Appended_entries_are_in_the_store_as_soon_as_the_append_returns()
    {
        var log = OpenLog();

        await log.AppendAsync([Report("r1", "grid/a")]).WaitAsync(Patience);
        var stored = await ReadStoreAsync(Directory);

        Assert.Equal([Report("r1", "grid/a")], stored.Select(AsLogEntry));
    }

    [Fact]
    public async Task Appended_entries_get_increasing_sequences_in_the_order_given()
    {
        var log = OpenLog();

        var first = await log.AppendAsync([Report("r1"), Report("r2")]).WaitAsync(Patience);
        var second = await log.AppendAsync([Report("r3")]).WaitAsync(Patience);

        Assert.All(first.Concat(second), result => Assert.Equal(AppendStatus.Appended, result.Status));
        var sequences = first.Concat(second).Select(result => result.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.Equal(sequences, (await ReadAllAsync(log)).Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task Repeat_with_the_same_payload_is_a_duplicate_that_writes_nothing()
    {
        var log = OpenLog();
        var original = await log.AppendAsync([Report("r1")]).WaitAsync(Patience);

        var repeat = await log.AppendAsync([Report("r1")]).WaitAsync(Patience);

        Assert.Equal(new AppendResult(AppendStatus.Duplicate, original[0].Sequence), repeat[0]);
        Assert.Single(await ReadAllAsync(log));
    }

    [Fact]
    public async Task Same_id_with_another_payload_is_a_conflict_that_keeps_the_original()
    {
        var log = OpenLog();
        var original = await log.AppendAsync([Report("r1", payload: "{\"households\":1}")]).WaitAsync(Patience);

        var other = await log.AppendAsync([Report("r1", payload: "{\"households\":2}")]).WaitAsync(Patience);

        Assert.Equal(new AppendResult(AppendStatus.Conflict, original[0].Sequence), other[0]);
        var stored = Assert.Single(await ReadAllAsync(log));
        Assert.Equal("{\"households\":1}", stored.Payload);
    }

    [Fact]
    public async Task Repeats_within_one_batch_are_decided_by_the_first_occurrence()
    {
        var log = OpenLog();

        var results = await log.AppendAsync(
        [
            Report("r1", payload: "{\"v\":1}"),
            Report("r1", payload: "{\"v\":1}"),
            Report("r1", payload: "{\"v\":2}"),
            Report("r2"),
        ]).WaitAsync(Patience);

        Assert.Equal(
            [AppendStatus.Appended, AppendStatus.Duplicate, AppendStatus.Conflict, AppendStatus.Appended],
            results.Select(result => result.Status));
        Assert.Equal(results[0].Sequence, results[1].Sequence);
        Assert.Equal(results[0].Sequence, results[2].Sequence);
        var stored = await ReadAllAsync(log);
        Assert.Equal(["{\"v\":1}", Report("r2").Payload], stored.Select(entry => entry.Payload));
    }

    [Fact]
    public async Task The_idempotency_key_is_the_type_with_the_id()
    {
        var log = OpenLog();

        var results = await log.AppendAsync(
            [new LogEntry("report", "x1", "s", "{}"), new LogEntry("case", "x1", "s", "{}")]).WaitAsync(Patience);

        Assert.All(results, result => Assert.Equal(AppendStatus.Appended, result.Status));
        Assert.Equal(2, (await ReadAllAsync(log)).Count);
    }

    [Fact]
    public async Task Same_entry_from_20_concurrent_appends_is_appended_exactly_once()
    {
        var log = OpenLog();

        var appends = Enumerable.Range(0, 20).Select(_ => Task.Run(() => log.AppendAsync([Report("r1")])));
        var results = (await Task.WhenAll(appends).WaitAsync(Patience)).Select(single => single[0]).ToList();

        Assert.Single(results, result => result.Status == AppendStatus.Appended);
        Assert.Equal(19, results.Count(result => result.Status == AppendStatus.Duplicate));
        Assert.Single(results.Select(result => result.Sequence).Distinct());
        Assert.Single(await ReadAllAsync(log));
    }

    [Fact]
    public async Task Concurrent_appends_all_land_exactly_once_and_share_commits()
    {
        var log = OpenLog();
        var commitsBefore = CommitsOf(log);
        const int Appends = 1280;

        var appends = Enumerable.Range(0, Appends).Select(i => log.AppendAsync([Report($"r{i}", $"grid/{i % 64}")])).ToList();
        var results = (await Task.WhenAll(appends).WaitAsync(Patience)).Select(single => single[0]).ToList();

        Assert.All(results, result => Assert.Equal(AppendStatus.Appended, result.Status));
        var stored = await ReadAllAsync(log);
        Assert.Equal(Appends, stored.Count);
        Assert.Equal(Appends, stored.Select(entry => entry.Id).Distinct().Count());
        Assert.Equal(results.Select(result => result.Sequence).Order(), stored.Select(entry => entry.Sequence));
        Assert.InRange(CommitsOf(log) - commitsBefore, 1, Appends - 1);
    }

    [Fact]
    public async Task Read_all_streams_in_sequence_order_after_the_given_sequence()
    {
        var log = OpenLog();
        var results = await log.AppendAsync([Report("r1"), Report("r2"), Report("r3"), Report("r4")]).WaitAsync(Patience);

        var everything = await ReadAllAsync(log);
        var afterSecond = await ReadAllAsync(log, results[1].Sequence);

        Assert.Equal(["r1", "r2", "r3", "r4"], everything.Select(entry => entry.Id));
        Assert.Equal(["r3", "r4"], afterSecond.Select(entry => entry.Id));
        Assert.Empty(await ReadAllAsync(log, results[3].Sequence));
    }

    [Fact]
    public async Task A_repeat_after_a_restart_is_still_a_duplicate_or_a_conflict()
    {
        var log = OpenLog();
        var original = await log.AppendAsync([Report("r1", payload: "{\"households\":1}"), Case("c1")]).WaitAsync(Patience);
        await CloseAsync(log);
        var restarted = OpenLog();

        var repeat = await restarted.AppendAsync(
            [Report("r1", payload: "{\"households\":2}"), Case("c1"), Report("r2")]).WaitAsync(Patience);

        Assert.Equal(new AppendResult(AppendStatus.Conflict, original[0].Sequence), repeat[0]);
        Assert.Equal(new AppendResult(AppendStatus.Duplicate, original[1].Sequence), repeat[1]);
        Assert.Equal(AppendStatus.Appended, repeat[2].Status);
        Assert.Equal(["r1", "c1", "r2"], (await ReadAllAsync(restarted)).Select(entry => entry.Id));
    }

    [Fact]
    public async Task Read_stream_after_a_sequence_answers_the_tail_and_the_position_it_read_at_also_after_a_restart()
    {
        var log = OpenLog();
        var first = await log.AppendAsync([Report("r1", "grid/a"), Report("r2", "grid/b"), Report("r3", "grid/a")]).WaitAsync(Patience);
        var last = await log.AppendAsync([Report("r4", "grid/b")]).WaitAsync(Patience);

        var whole = await log.ReadStreamAsync("grid/a").WaitAsync(Patience);
        var tail = await log.ReadStreamAsync("grid/a", first[0].Sequence).WaitAsync(Patience);
        await CloseAsync(log);
        var restarted = await OpenLog().ReadStreamAsync("grid/a", first[0].Sequence).WaitAsync(Patience);

        Assert.Equal(["r1", "r3"], whole.Entries.Select(entry => entry.Id));
        Assert.Equal(last[0].Sequence, whole.Position);
        Assert.Equal(["r3"], tail.Entries.Select(entry => entry.Id));
        Assert.Equal(last[0].Sequence, tail.Position);
        Assert.Equal(["r3"], restarted.Entries.Select(entry => entry.Id));
        Assert.Equal(last[0].Sequence, restarted.Position);
    }

    [Fact]
    public async Task Read_stream_returns_only_that_stream_in_sequence_order()
    {
        var log = OpenLog();
        await log.AppendAsync([Case("c1", "case/1"), Case("c2", "case/2"), Case("c3", "case/1")]).WaitAsync(Patience);
        await log.AppendAsync([Case("c4", "case/1")]).WaitAsync(Patience);

        var stream = await log.ReadStreamAsync("case/1").WaitAsync(Patience);

        Assert.Equal(["c1", "c3", "c4"], stream.Entries.Select(entry => entry.Id));
        Assert.Equal(stream.Entries.Select(entry => entry.Sequence).Order(), stream.Entries.Select(entry => entry.Sequence));
        Assert.Empty((await log.ReadStreamAsync("case/unknown").WaitAsync(Patience)).Entries);
    }

    [Fact]
    public async Task Read_stream_leaves_out_the_sequences_the_reader_already_has_and_keeps_the_position()
    {
        var log = OpenLog();
        var stored = await log.AppendAsync([Report("r1"), Report("r2"), Report("r3"), Report("r4", "grid/b")]).WaitAsync(Patience);

        var read = await log.ReadStreamAsync("grid/a", 0, new HashSet<long> { stored[0].Sequence, stored[2].Sequence }).WaitAsync(Patience);

        Assert.Equal(["r2"], read.Entries.Select(entry => entry.Id));
        Assert.Equal(stored[3].Sequence, read.Position);
    }

    [Fact]
    public async Task Read_latest_answers_the_last_entry_of_a_stream_also_after_a_restart_and_null_for_an_empty_one()
    {
        var log = OpenLog();
        await log.AppendAsync([Report("s1", "snapshot:a"), Report("r1", "grid/a")]).WaitAsync(Patience);
        await log.AppendAsync([Report("s2", "snapshot:a"), Report("r2", "grid/a")]).WaitAsync(Patience);

        var latest = await log.ReadLatestAsync("snapshot:a").WaitAsync(Patience);
        var none = await log.ReadLatestAsync("snapshot:b").WaitAsync(Patience);
        await CloseAsync(log);
        var restarted = await OpenLog().ReadLatestAsync("snapshot:a").WaitAsync(Patience);

        Assert.Equal("s2", latest?.Id);
        Assert.Null(none);
        Assert.Equal("s2", restarted?.Id);
    }

    [Fact]
    public async Task The_newest_entries_of_the_asked_types_are_read_oldest_first_after_a_restart_too()
    {
        var log = OpenLog();
        await log.AppendAsync([Report("r1"), Case("c1"), Report("r2"), Status("s1")]).WaitAsync(Patience);
        await log.AppendAsync([Report("r3"), Status("s2"), Case("c2")]).WaitAsync(Patience);

        var newest = await log.ReadNewestAsync(["report", "case"], 3).WaitAsync(Patience);
        var all = await log.ReadNewestAsync(["report", "case"], 100).WaitAsync(Patience);
        var none = await log.ReadNewestAsync(["other"], 100).WaitAsync(Patience);
        await CloseAsync(log);
        var restarted = await OpenLog().ReadNewestAsync(["status"], 1).WaitAsync(Patience);

        Assert.Equal(["r2", "r3", "c2"], newest.Select(entry => entry.Id));
        Assert.Equal(["r1", "c1", "r2", "r3", "c2"], all.Select(entry => entry.Id));
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
        Assert.Empty(none);
        Assert.Equal(["s2"], restarted.Select(entry => entry.Id));
    }

    [Fact]
    public async Task Entries_are_read_by_event_time_in_a_range_of_the_asked_types_also_after_a_restart()
    {
        var day = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(8));
        var log = OpenLog();
        // Stored out of event-time order, as a backfill of past days is: the read orders by event time, then sequence.
        await log.AppendAsync([
            Report("late") with { OccurredAt = day.AddHours(20) },
            Report("before") with { OccurredAt = day.AddTicks(-1) },
            Report("first") with { OccurredAt = day },
            Case("same-time") with { OccurredAt = day.AddHours(20) },
            Status("status") with { OccurredAt = day.AddHours(1) },
            Report("untimed"),
            Report("next-day") with { OccurredAt = day.AddDays(1) },
        ]).WaitAsync(Patience);

        var read = await ReadOccurredAsync(log, day, day.AddDays(1), ["report", "case"]);
        var statuses = await ReadOccurredAsync(log, day, day.AddDays(1), ["status"]);
        var days = await ReadOccurredAsync(log, day.AddDays(-1), day.AddDays(2), ["report", "case", "status"]);
        await CloseAsync(log);
        var restarted = await ReadOccurredAsync(OpenLog(), day, day.AddDays(1), ["report", "case"]);

        Assert.Equal(["first", "late", "same-time"], read.Select(entry => entry.Id));
        Assert.Equal([day, day.AddHours(20), day.AddHours(20)], read.Select(entry => entry.OccurredAt));
        Assert.Equal(Case("same-time").Payload, read[2].Payload);
        Assert.Equal(["status"], statuses.Select(entry => entry.Id));
        Assert.Equal(["before", "first", "status", "late", "same-time", "next-day"], days.Select(entry => entry.Id));
        Assert.Equal(read.Select(entry => (entry.Id, entry.Sequence, entry.OccurredAt)), restarted.Select(entry => (entry.Id, entry.Sequence, entry.OccurredAt)));
    }

    [Fact]
    public async Task An_empty_append_answers_at_once_and_writes_nothing()
    {
        var log = OpenLog();

        var results = await log.AppendAsync([]).WaitAsync(Patience);

        Assert.Empty(results);
        Assert.Empty(await ReadAllAsync(log));
    }

    [Fact]
    public async Task An_append_cancelled_before_it_is_handed_over_writes_nothing()
    {
        var log = OpenLog();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => log.AppendAsync([Report("r1")], cancelled.Token));

        Assert.Empty(await ReadAllAsync(log));
    }

    [Fact]
    public async Task Appends_cancelled_while_waiting_leave_a_log_that_a_retry_completes_exactly_once()
    {
        var log = OpenLog();
        var entries = Enumerable.Range(0, 50).Select(i => Report($"r{i}")).ToList();
        using var cancellation = new CancellationTokenSource();

        var appends = entries.Select(entry => log.AppendAsync([entry], cancellation.Token)).ToList();
        await cancellation.CancelAsync();
        await Task.WhenAll(appends).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
        var retried = await Task.WhenAll(entries.Select(entry => log.AppendAsync([entry]))).WaitAsync(Patience);

        Assert.All(appends, append => Assert.True(append.IsCompletedSuccessfully || append.IsCanceled));
        Assert.All(retried, results => Assert.NotEqual(AppendStatus.Conflict, results[0].Status));
        var stored = await ReadAllAsync(log);
        Assert.Equal(entries, stored.Select(AsLogEntry).OrderBy(entry => int.Parse(entry.Id[1..], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task An_open_log_is_reachable_and_a_closed_one_is_not()
    {
        var log = OpenLog();

        var open = await log.IsReachableAsync().WaitAsync(Patience);
        await CloseAsync(log);
        var closed = await log.IsReachableAsync().WaitAsync(Patience);

        Assert.True(open);
        Assert.False(closed);
    }

    [Fact]
    public async Task A_closed_log_refuses_appends()
    {
        var log = OpenLog();
        await CloseAsync(log);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync([Report("r1")]));
    }

    /// <summary>Opens a log on the store in <paramref name="directory"/>, creating the store if it is new.</summary>
    protected abstract IEventLog OpenLog(string directory);

    /// <summary>Everything stored in the store in <paramref name="directory"/>, read without opening a log on it.</summary>
    protected abstract Task<List<StoredEntry>> ReadStoreAsync(string directory);

    /// <summary>How many commits the log has made since it opened.</summary>
    protected abstract long CommitsOf(IEventLog log);

    protected IEventLog OpenLog()
    {
        var log = OpenLog(Directory);
        _openLogs.Add(log);
        return log;
    }

    protected static async Task CloseAsync(IEventLog log)
    {
        if (log is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    protected static async Task<List<StoredEntry>> ReadAllAsync(IEventLog log, long afterSequence = 0)
    {
        var entries = new List<StoredEntry>();
        await foreach (var entry in log.ReadAllAsync(afterSequence).WithCancellation(CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static async Task<List<StoredEntry>> ReadOccurredAsync(IEventLog log, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> types)
    {
        var entries = new List<StoredEntry>();
        await foreach (var entry in log.ReadOccurredAsync(from, to, types).WithCancellation(CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    protected static LogEntry Report(string id, string stream = "grid/a", string? payload = null) =>
        new("report", id, stream, payload ?? $"{{\"id\":\"{id}\",\"kind\":\"visit\",\"category\":\"独居老人\"}}");

    protected static LogEntry Case(string id, string stream = "case/1") =>
        new("case", id, stream, $"{{\"id\":\"{id}\",\"category\":\"环境卫生\"}}");

    private static LogEntry Status(string id) => new("status", id, "worker/1", $$"""{"id":"{{id}}"}""");

    private static LogEntry AsLogEntry(StoredEntry entry) => new(entry.Type, entry.Id, entry.Stream, entry.Payload);
}

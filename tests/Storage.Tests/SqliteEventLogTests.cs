using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Storage;

namespace Storage.Tests;

public sealed class SqliteEventLogTests : EventLogContractTests
{
    [Fact]
    public void Refuses_to_start_on_a_database_that_answers_journal_mode_memory()
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Directory, "in-memory.db"),
            Mode = SqliteOpenMode.Memory,
        }.ConnectionString;

        var refusal = Assert.Throws<StorageStartupException>(() => new SqliteEventLog(connectionString, TimeProvider.System));

        Assert.Contains("answered journal_mode 'memory'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Directory, "in-memory.db"), refusal.Message, StringComparison.Ordinal);
        Assert.Contains("WAL journaling is required", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_start_when_the_data_directory_is_a_file()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var file = Path.Combine(Directory, "not-a-directory");
        File.WriteAllText(file, "");

        var refusal = Assert.Throws<StorageStartupException>(
            () => new SqliteEventLog(Options.Create(new StorageOptions { DataDirectory = file })));

        Assert.Contains($"the data directory '{file}' cannot be created", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_start_on_a_database_with_a_newer_schema()
    {
        var path = CreateDatabaseWith("PRAGMA user_version = 99;");

        var refusal = Assert.Throws<StorageStartupException>(() => OpenLog(Directory));

        Assert.Contains($"'{path}' has schema version 99", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_to_start_on_a_database_of_the_earlier_development_layout()
    {
        var path = CreateDatabaseWith(
            "CREATE TABLE event_log (sequence INTEGER PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL, stream TEXT NOT NULL, " +
            "payload TEXT NOT NULL, stored_at INTEGER NOT NULL, UNIQUE (type, id)); PRAGMA user_version = 1;");

        var refusal = Assert.Throws<StorageStartupException>(() => OpenLog(Directory));

        Assert.Contains($"'{path}' has schema version 1 in an earlier development layout", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opens_the_database_file_in_the_data_directory_in_wal_mode_with_the_schema_version()
    {
        await using var log = new SqliteEventLog(Options.Create(new StorageOptions { DataDirectory = Directory }));

        Assert.Equal(Path.Combine(Directory, SqliteEventLog.DatabaseFileName), log.DatabasePath);
        Assert.Equal("wal", QueryFile(log.DatabasePath, "PRAGMA journal_mode;"));
        Assert.Equal(2L, QueryFile(log.DatabasePath, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task A_version_1_log_gets_the_event_time_and_its_earlier_entries_stay_without_one()
    {
        var path = CreateDatabaseWith(
            "CREATE TABLE event_log (sequence INTEGER PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL, stream TEXT NOT NULL, " +
            "by_stream INTEGER NOT NULL, payload TEXT NOT NULL, stored_at INTEGER NOT NULL); " +
            "INSERT INTO event_log (type, id, stream, by_stream, payload, stored_at) VALUES ('report', 'old', 'grid/a', 0, '{}', 0); " +
            "PRAGMA user_version = 1;");
        var day = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

        await using var log = new SqliteEventLog(Options.Create(new StorageOptions { DataDirectory = Directory }));
        await log.AppendAsync([Report("new") with { OccurredAt = day.AddHours(1) }]);
        var timed = new List<string>();
        await foreach (var entry in log.ReadOccurredAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, ["report"]))
        {
            timed.Add(entry.Id);
        }

        Assert.Equal(["old", "new"], (await ReadAllAsync(log)).Select(entry => entry.Id));
        Assert.Equal(["new"], timed);
        Assert.Equal(2L, QueryFile(path, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task The_registration_binds_the_storage_section_and_opens_one_log_for_both_services()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = Directory })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddEventLog();

        await using var provider = services.BuildServiceProvider();
        var log = provider.GetRequiredService<IEventLog>();

        Assert.Same(provider.GetRequiredService<SqliteEventLog>(), log);
        Assert.True(File.Exists(Path.Combine(Directory, SqliteEventLog.DatabaseFileName)));
    }

    [Fact]
    public void The_default_data_directory_is_data()
    {
        Assert.Equal("data", new StorageOptions().DataDirectory);
        Assert.Equal("Storage", StorageOptions.SectionName);
    }

    [Fact]
    public async Task A_failed_commit_fails_the_append_and_stores_none_of_its_entries()
    {
        await using var log = OpenFullLog();

        var failure = await Assert.ThrowsAsync<StorageFullException>(
            () => log.AppendAsync([Report("small"), Report("large", payload: new string('x', 200_000))]).WaitAsync(Patience));

        Assert.Equal(SQLitePCL.raw.SQLITE_FULL, Assert.IsType<SqliteException>(failure.InnerException).SqliteErrorCode);
        Assert.Empty(await ReadAllAsync(log));
    }

    [Fact]
    public async Task A_full_log_is_not_ready_logs_once_and_is_ready_again_after_a_commit_succeeds()
    {
        var logger = new FakeLogger();
        await using var log = OpenFullLog(logger);
        Assert.True(await log.IsReachableAsync());

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<StorageFullException>(() => log.AppendAsync([Report($"large{i}", payload: new string('x', 200_000))]).WaitAsync(Patience));
        }

        Assert.True(log.IsFull);
        Assert.False(await log.IsReachableAsync());
        Assert.Equal([LogLevel.Error], logger.Collector.GetSnapshot().Select(record => record.Level));

        Assert.Equal(AppendStatus.Appended, (await log.AppendAsync([Report("small")]).WaitAsync(Patience))[0].Status);

        Assert.False(log.IsFull);
        Assert.True(await log.IsReachableAsync());
        Assert.Equal([LogLevel.Error, LogLevel.Warning], logger.Collector.GetSnapshot().Select(record => record.Level));
    }

    [Fact]
    public async Task A_full_log_becomes_ready_by_itself_once_space_returns_without_storing_anything()
    {
        var writer = new StrongBox<SqliteConnection>();
        await using var log = OpenFullLog(writer: writer);
        await Assert.ThrowsAsync<StorageFullException>(() => log.AppendAsync([Report("large", payload: new string('x', 200_000))]).WaitAsync(Patience));
        Assert.False(await log.IsReachableAsync());

        // SQLite is threadsafe per connection: the writer thread is idle, and the limit changes between its commits.
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_exec(writer.Value!.Handle, "PRAGMA max_page_count = 1000000;"));

        Assert.True(await log.IsReachableAsync());
        Assert.False(log.IsFull);
        Assert.Empty(await ReadAllAsync(log));
        Assert.Equal(AppendStatus.Appended, (await log.AppendAsync([Report("large", payload: new string('x', 200_000))]).WaitAsync(Patience))[0].Status);
    }

    [Fact]
    public async Task Appends_that_share_a_failed_commit_all_fail_and_the_log_keeps_working()
    {
        await using var log = OpenFullLog();

        var appends = Enumerable.Range(0, 8)
            .Select(i => log.AppendAsync([Report($"r{i}", payload: new string('x', 6_000))]))
            .ToList();
        await Task.WhenAll(appends).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
        var later = await log.AppendAsync([Report("later")]).WaitAsync(Patience);

        var stored = (await ReadAllAsync(log)).Select(entry => entry.Id).ToHashSet();
        Assert.Contains(appends, append => append.IsFaulted);
        for (var i = 0; i < appends.Count; i++)
        {
            Assert.Equal(appends[i].IsCompletedSuccessfully, stored.Contains($"r{i}"));
        }

        Assert.Equal(AppendStatus.Appended, later[0].Status);
        Assert.Contains("later", stored);
    }

    [Fact]
    public async Task Keys_that_share_a_hash_are_all_stored_and_told_apart_before_and_after_a_restart()
    {
        var log = OpenLogWithOneHash();
        var first = await log.AppendAsync([Report("a"), Report("b"), Case("a")]).WaitAsync(Patience);
        var repeats = await log.AppendAsync([Report("b"), Report("a", payload: "{}"), Report("c")]).WaitAsync(Patience);
        await log.DisposeAsync();
        await using var restarted = OpenLogWithOneHash();

        var afterRestart = await restarted.AppendAsync([Case("a"), Report("c", payload: "{}"), Report("d")]).WaitAsync(Patience);

        Assert.All(first, result => Assert.Equal(AppendStatus.Appended, result.Status));
        Assert.Equal(
            [new(AppendStatus.Duplicate, first[1].Sequence), new(AppendStatus.Conflict, first[0].Sequence)],
            repeats.Take(2));
        Assert.Equal(AppendStatus.Appended, repeats[2].Status);
        Assert.Equal(
            [new(AppendStatus.Duplicate, first[2].Sequence), new(AppendStatus.Conflict, repeats[2].Sequence)],
            afterRestart.Take(2));
        Assert.Equal(AppendStatus.Appended, afterRestart[2].Status);
        Assert.Equal(
            [("report", "a"), ("report", "b"), ("case", "a"), ("report", "c"), ("report", "d")],
            (await ReadAllAsync(restarted)).Select(entry => (entry.Type, entry.Id)));
    }

    [Fact]
    public async Task Repeats_within_one_batch_that_share_a_hash_with_other_keys_are_decided_by_the_first_occurrence()
    {
        await using var log = OpenLogWithOneHash();

        var results = await log.AppendAsync(
            [Report("a"), Report("b"), Report("a"), Report("b", payload: "{}"), Report("c")]).WaitAsync(Patience);

        Assert.Equal(
            [AppendStatus.Appended, AppendStatus.Appended, AppendStatus.Duplicate, AppendStatus.Conflict, AppendStatus.Appended],
            results.Select(result => result.Status));
        Assert.Equal([results[0].Sequence, results[1].Sequence], [results[2].Sequence, results[3].Sequence]);
        Assert.Equal(["a", "b", "c"], (await ReadAllAsync(log)).Select(entry => entry.Id));
    }

    [Fact]
    public async Task Entries_of_a_failed_commit_are_appended_when_repeated_rather_than_taken_for_duplicates()
    {
        await using var log = OpenFullLog();
        await Assert.ThrowsAsync<StorageFullException>(
            () => log.AppendAsync([Report("small"), Report("large", payload: new string('x', 200_000))]).WaitAsync(Patience));

        var retry = await log.AppendAsync([Report("small")]).WaitAsync(Patience);

        Assert.Equal(AppendStatus.Appended, retry[0].Status);
        Assert.Equal(["small"], (await ReadAllAsync(log)).Select(entry => entry.Id));
    }

    [Fact]
    public async Task Keys_of_many_commits_are_all_known_after_a_restart()
    {
        var log = OpenLog(Directory);
        var ids = Enumerable.Range(0, 50).Select(i => $"r{i}").ToList();
        var appended = await Task.WhenAll(ids.Select(id => log.AppendAsync([Report(id)]))).WaitAsync(Patience);
        await CloseAsync(log);
        var restarted = OpenLog(Directory);

        var repeats = await restarted.AppendAsync([.. ids.Select(id => Report(id))]).WaitAsync(Patience);
        await CloseAsync(restarted);

        Assert.Equal(appended.Select(results => new AppendResult(AppendStatus.Duplicate, results[0].Sequence)), repeats);
    }

    [Fact]
    public async Task A_second_log_on_the_same_database_is_refused_while_the_first_is_open()
    {
        var first = OpenLog(Directory);

        var refusal = Assert.Throws<StorageStartupException>(() => OpenLog(Directory));
        await CloseAsync(first);
        var reopened = OpenLog(Directory);

        Assert.Contains("is already open for writing", refusal.Message, StringComparison.Ordinal);
        Assert.True(await reopened.IsReachableAsync().WaitAsync(Patience));
        await CloseAsync(reopened);
    }

    [Fact]
    public async Task A_log_reads_its_streams_from_the_commits_rows_and_entries_no_row_covers_from_the_log()
    {
        // Arrange: two commits whose rows of event_streams are taken away, as in a log written before they existed,
        // then two commits with their rows.
        var log = OpenLog();
        await log.AppendAsync([Report("r1", "grid/a"), Report("r2", "grid/b")]).WaitAsync(Patience);
        await log.AppendAsync([Report("r3", "grid/a")]).WaitAsync(Patience);
        await CloseAsync(log);
        ExecuteOnFile(Path.Combine(Directory, SqliteEventLog.DatabaseFileName), "DELETE FROM event_streams;");
        log = OpenLog();
        await log.AppendAsync([Report("r4", "grid/b"), Report("r5", "grid/a")]).WaitAsync(Patience);
        await log.AppendAsync([Report("r6", "grid/a")]).WaitAsync(Patience);
        await CloseAsync(log);

        // Act
        var reopened = OpenLog();
        var a = await reopened.ReadStreamAsync("grid/a").WaitAsync(Patience);
        var b = await reopened.ReadStreamAsync("grid/b").WaitAsync(Patience);

        // Assert
        Assert.Equal(["r1", "r3", "r5", "r6"], a.Entries.Select(entry => entry.Id));
        Assert.Equal(["r2", "r4"], b.Entries.Select(entry => entry.Id));
        Assert.Equal(2L, QueryFile(Path.Combine(Directory, SqliteEventLog.DatabaseFileName), "SELECT count(*) FROM event_streams;"));
    }

    [Fact]
    public async Task Reading_a_stream_looks_up_its_entries_by_sequence_rather_than_scanning_the_log()
    {
        await using var log = new SqliteEventLog(Options.Create(new StorageOptions { DataDirectory = Directory }));

        using var connection = new SqliteConnection($"Data Source={log.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteEventLog.ReadEntrySql;
        using var plan = command.ExecuteReader();

        Assert.True(plan.Read());
        Assert.Matches(@"^SEARCH (TABLE )?event_log USING INTEGER PRIMARY KEY \(rowid=\?\)$", plan.GetString(3));
        Assert.False(plan.Read());
    }

    [Fact]
    public void The_key_hash_is_fnv_1a_64_over_the_utf16_code_units_of_type_nul_id()
    {
        // Stored hashes are read back after a restart: a change of the function would make old keys unknown.
        Assert.Equal(-13819142390705656L, LogKeyHash.Of("report", "r1"));
        Assert.NotEqual(LogKeyHash.Of("report", "r1"), LogKeyHash.Of("report", "r2"));
        Assert.NotEqual(LogKeyHash.Of("ab", "c"), LogKeyHash.Of("a", "bc"));
    }

    protected override IEventLog OpenLog(string directory) =>
        new SqliteEventLog(Options.Create(new StorageOptions { DataDirectory = directory }));

    protected override long CommitsOf(IEventLog log) => ((SqliteEventLog)log).CommitCount;

    protected override Task<List<StoredEntry>> ReadStoreAsync(string directory)
    {
        var path = Path.Combine(directory, SqliteEventLog.DatabaseFileName);
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, type, id, stream, payload FROM event_log ORDER BY sequence;";
        using var reader = command.ExecuteReader();
        var entries = new List<StoredEntry>();
        while (reader.Read())
        {
            entries.Add(new StoredEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return Task.FromResult(entries);
    }

    /// <summary>A log whose key hash gives every key the same hash, so that every key collides with every other.</summary>
    private SqliteEventLog OpenLogWithOneHash() =>
        new(SqliteEventLog.WriteConnectionStringFor(Directory), TimeProvider.System, keyHash: (_, _) => 42);

    /// <summary>
    /// A log whose writer may grow the file by only a few pages, so that large commits fail with SQLITE_FULL;
    /// <paramref name="writer"/> receives the writer's connection.
    /// </summary>
    private SqliteEventLog OpenFullLog(ILogger? logger = null, StrongBox<SqliteConnection>? writer = null) => new(
        SqliteEventLog.WriteConnectionStringFor(Directory),
        TimeProvider.System,
        connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_count;";
            var pages = (long)command.ExecuteScalar()!;
            command.CommandText = $"PRAGMA max_page_count = {pages + 8};";
            command.ExecuteNonQuery();
            writer?.Value = connection;
        },
        logger: logger);

    private string CreateDatabaseWith(string sql)
    {
        var path = Path.Combine(Directory, SqliteEventLog.DatabaseFileName);
        System.IO.Directory.CreateDirectory(Directory);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return path;
    }

    private static void ExecuteOnFile(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? QueryFile(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

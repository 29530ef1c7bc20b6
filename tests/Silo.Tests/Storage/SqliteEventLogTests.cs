using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Storage;

namespace Silo.Tests.Storage;

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
    public async Task Opens_the_database_file_in_the_data_directory_in_wal_mode_with_the_schema_version()
    {
        await using var log = new SqliteEventLog(Options.Create(new StorageOptions { DataDirectory = Directory }));

        Assert.Equal(Path.Combine(Directory, SqliteEventLog.DatabaseFileName), log.DatabasePath);
        Assert.Equal("wal", QueryFile(log.DatabasePath, "PRAGMA journal_mode;"));
        Assert.Equal(1L, QueryFile(log.DatabasePath, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task The_registration_binds_the_storage_section_and_opens_one_log_for_both_services()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = Directory })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSqliteEventLog();

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

        var failure = await Assert.ThrowsAsync<SqliteException>(
            () => log.AppendAsync([Report("small"), Report("large", payload: new string('x', 200_000))]).WaitAsync(Patience));

        Assert.Equal(13, failure.SqliteErrorCode);
        Assert.Empty(await ReadAllAsync(log));
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

    protected override IEventLog OpenLog(string directory) =>
        new SqliteEventLog(Options.Create(new StorageOptions { DataDirectory = directory }));

    protected override long CommitsOf(IEventLog log) => ((SqliteEventLog)log).CommitCount;

    /// <summary>A log whose writer may grow the file by only a few pages, so that large commits fail with SQLITE_FULL.</summary>
    private SqliteEventLog OpenFullLog() => new(
        SqliteEventLog.WriteConnectionStringFor(Directory),
        TimeProvider.System,
        connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_count;";
            var pages = (long)command.ExecuteScalar()!;
            command.CommandText = $"PRAGMA max_page_count = {pages + 8};";
            command.ExecuteNonQuery();
        });

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

    private static object? QueryFile(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

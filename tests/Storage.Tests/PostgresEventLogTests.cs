using Npgsql;
using Storage;
using TestSupport;

namespace Storage.Tests;

/// <summary>
/// The storage contract on PostgreSQL (issue 11): each test's store is a schema of its own on the server that
/// <c>test.sh</c> starts (<see cref="TestPostgres.ConnectionStringVariable"/>), named after the test's directory.
/// </summary>
public sealed class PostgresEventLogTests : EventLogContractTests
{
    [Fact]
    public async Task Two_logs_on_one_store_as_two_processes_would_store_each_key_once_and_tell_a_repeat_apart()
    {
        var first = OpenLog();
        await using var second = (PostgresEventLog)OpenLog(Directory);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? first : second).AppendAsync([Report($"r{i / 4}")]))).WaitAsync(Patience);
        var conflict = await second.AppendAsync([Report("r0", payload: "{\"other\":true}")]).WaitAsync(Patience);

        Assert.Equal(10, answers.Count(answer => answer[0].Status == AppendStatus.Appended));
        Assert.Equal(30, answers.Count(answer => answer[0].Status == AppendStatus.Duplicate));
        Assert.Equal(AppendStatus.Conflict, conflict[0].Status);
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"r{i}")], (await ReadStoreAsync(Directory)).Select(entry => entry.Id).Order());
    }

    [Fact]
    public void A_server_that_cannot_be_reached_stops_start_up_with_a_message_naming_it()
    {
        var refusal = Assert.Throws<StorageStartupException>(
            () => new PostgresEventLog("Host=127.0.0.1;Port=1;Username=gridpulse;Password=secret;Timeout=2"));

        Assert.Contains("Host=127.0.0.1;Port=1", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refusal.Message, StringComparison.Ordinal);
    }

    protected override IEventLog OpenLog(string directory) => new PostgresEventLog(ConnectionStringFor(directory));

    protected override long CommitsOf(IEventLog log) => ((PostgresEventLog)log).CommitCount;

    protected override async Task<List<StoredEntry>> ReadStoreAsync(string directory)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(directory));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT sequence, type, id, stream, payload FROM event_log ORDER BY sequence;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<StoredEntry>();
        while (await reader.ReadAsync())
        {
            entries.Add(new StoredEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return entries;
    }

    private static string ConnectionStringFor(string directory) => TestPostgres.ConnectionStringFor(Path.GetFileName(directory));
}

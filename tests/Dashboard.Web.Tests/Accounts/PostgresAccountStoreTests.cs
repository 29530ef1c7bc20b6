using System.Text;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TestSupport;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>
/// The account store's contract on PostgreSQL (issue 11), each test on a schema of its own, and what several nodes
/// on one store need: a change made through one store reaches the others by notification, also after their
/// listening connection was lost.
/// </summary>
public sealed class PostgresAccountStoreTests : AccountStoreContractTests
{
    private readonly string _connectionString = TestPostgres.ConnectionStringFor(Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource _stopFollowing = new();
    private readonly List<Task> _followers = [];

    [Fact]
    public async Task A_revocation_through_one_store_is_heard_and_announced_by_another()
    {
        // Arrange: two nodes, each with its own announcements; the second listens (it heard of the credential).
        var first = Open();
        var secondRevocations = new CredentialRevocations();
        var second = Follow(Open(revocations: secondRevocations));
        await first.CreateAsync(Worker());
        var issued = await first.IssueAsync("t-w1", CredentialKind.Token);
        await Eventually.TrueAsync(async () => (await second.CredentialsOfAsync("t-w1")).Count == 1);
        Assert.NotNull(await second.AuthenticateAsync(issued.Secret));
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        secondRevocations.Revoked += (_, credentialId) => announced.TrySetResult(credentialId);

        // Act
        await first.RevokeAsync(issued.Credential.Id);

        // Assert
        Assert.Equal(issued.Credential.Id, await announced.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await second.AuthenticateAsync(issued.Secret));
        Assert.False(await second.IsActiveAsync(issued.Credential.Id));
    }

    [Fact]
    public async Task A_store_whose_listening_connection_is_lost_reads_everything_again_when_it_listens_again()
    {
        // Arrange: the second store listens (it heard of a credential issued through the first), then a revocation is
        // stored without a notification, as if it had been made while the second was not listening.
        var first = Open();
        var second = Follow(Open());
        await first.CreateAsync(Worker());
        var issued = await first.IssueAsync("t-w1", CredentialKind.Token);
        await Eventually.TrueAsync(async () => (await second.CredentialsOfAsync("t-w1")).Count == 1);
        await ExecuteAsync($"UPDATE credentials SET revoked_at = 1 WHERE id = '{issued.Credential.Id}';");
        Assert.NotNull(await second.AuthenticateAsync(issued.Secret));

        // Act
        var terminated = await ExecuteAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{PostgresAccountDatabase.ListenerName(Schema)}';");

        // Assert
        Assert.Equal(1, terminated);
        await Eventually.TrueAsync(async () => await second.AuthenticateAsync(issued.Secret) is null);
    }

    [Fact]
    public void A_server_that_cannot_be_reached_stops_start_up_with_a_message_naming_the_setting_without_its_password()
    {
        var refusal = Assert.Throws<Storage.StorageStartupException>(() => new PostgresAccountDatabase(
            "Host=127.0.0.1;Port=1;Username=gridpulse;Password=secret;Timeout=2", TimeProvider.System, NullLogger<PostgresAccountDatabase>.Instance));

        Assert.StartsWith("账号库无法打开", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Host=127.0.0.1;Port=1", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--postgres", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refusal.Message, StringComparison.Ordinal);
    }

    protected override IAccountDatabase OpenDatabase() =>
        new PostgresAccountDatabase(_connectionString, TimeProvider.System, NullLogger<PostgresAccountDatabase>.Instance);

    protected override async Task<string> StoredTextAsync()
    {
        var text = new StringBuilder();
        foreach (var table in (string[])["accounts", "credentials"])
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT t::text FROM {table} t;", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }

    protected override void Dispose(bool disposing)
    {
        _stopFollowing.Cancel();
        Task.WhenAll(_followers).ContinueWith(_ => { }, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(10));
        _stopFollowing.Dispose();
        base.Dispose(disposing);
    }

    private string Schema => new NpgsqlConnectionStringBuilder(_connectionString).SearchPath!;

    /// <summary>Runs the store's change follower, as <c>AccountChangeFollower</c> does in the web app.</summary>
    private AccountStore Follow(AccountStore store)
    {
        _followers.Add(LastDatabase.FollowChangesAsync(store.ApplyAsync, _stopFollowing.Token));
        return store;
    }

    private async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return Math.Max(rows, reader.RecordsAffected);
    }
}

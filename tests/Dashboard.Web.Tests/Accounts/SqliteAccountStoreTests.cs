using Dashboard.Web.Accounts;
using Microsoft.Data.Sqlite;
using Storage;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>The account store's contract on its SQLite file in the data directory.</summary>
public sealed class SqliteAccountStoreTests : AccountStoreContractTests
{
    [Fact]
    public async Task The_database_is_the_accounts_file_of_the_data_directory()
    {
        var store = Open();
        await store.CreateAsync(Worker());

        Assert.Equal(Path.Combine(Directory.DataDirectory, SqliteAccountDatabase.DatabaseFileName), ((SqliteAccountDatabase)LastDatabase).DatabasePath);
        Assert.True(File.Exists(Path.Combine(Directory.DataDirectory, "accounts.db")));
    }

    [Fact]
    public async Task An_accounts_file_made_before_postgres_was_an_option_opens_with_its_accounts_and_credentials()
    {
        // Arrange: the tables as the first version created them, INTEGER times, and one account with a token.
        var path = Path.Combine(Directory.DataDirectory, SqliteAccountDatabase.DatabaseFileName);
        System.IO.Directory.CreateDirectory(Directory.DataDirectory);
        const string Secret = "gpt_an-old-token";
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, unit_id TEXT, worker_id TEXT,
                    password_hash TEXT, created_at INTEGER NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE credentials (id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts (id), kind TEXT NOT NULL,
                    secret_hash TEXT NOT NULL UNIQUE, label TEXT, created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER, used_at INTEGER);
                INSERT INTO accounts (id, name, role, unit_id, worker_id, created_at) VALUES ('t-w1', '张三', 'worker', 't-g1', 't-w1', 1777622400000);
                INSERT INTO credentials (id, account_id, kind, secret_hash, created_at) VALUES ('c1', 't-w1', 'token', '{CredentialSecrets.Hash(Secret)}', 1777622400000);
                """;
            command.ExecuteNonQuery();
        }

        // Act
        var store = Open();

        // Assert
        Assert.Equal("t-w1", (await store.AuthenticateAsync(Secret))?.Account.Id);
        Assert.True(await store.RevokeAsync("c1"));
        Assert.Null(await Open().AuthenticateAsync(Secret));
    }

    [Fact]
    public async Task A_full_accounts_file_fails_a_write_with_storage_full_which_the_api_answers_507_not_500()
    {
        // Arrange: a file that may grow by a few pages only: its tables and one account fit.
        var store = Open(() => new SqliteAccountDatabase(Directory.DataDirectory, connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_count;";
            var pages = (long)command.ExecuteScalar()!;
            command.CommandText = $"PRAGMA max_page_count = {pages + 10};";
            command.ExecuteNonQuery();
        }));
        await store.CreateAsync(Worker());

        // Act
        var full = await Assert.ThrowsAsync<StorageFullException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await store.IssueAsync("t-w1", CredentialKind.Token, new string('x', 100));
            }
        });

        // Assert
        Assert.Contains(SqliteAccountDatabase.DatabaseFileName, full.Message, StringComparison.Ordinal);
    }

    protected override IAccountDatabase OpenDatabase() => new SqliteAccountDatabase(Directory.DataDirectory);

    // The database and its write-ahead log, as bytes read as text: whatever SQLite has written so far.
    protected override Task<string> StoredTextAsync()
    {
        var path = Path.Combine(Directory.DataDirectory, SqliteAccountDatabase.DatabaseFileName);
        return Task.FromResult(string.Concat(new[] { path, path + "-wal" }
            .Where(File.Exists)
            .Select(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
                return reader.ReadToEnd();
            })));
    }
}

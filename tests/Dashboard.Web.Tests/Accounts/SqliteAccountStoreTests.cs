using Dashboard.Web.Accounts;

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

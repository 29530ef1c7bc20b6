using Microsoft.Data.Sqlite;

namespace Silo.Storage;

/// <summary>Opens the log's database for writing: verifies durability settings and creates or checks the schema.</summary>
internal static class SqliteLogFile
{
    public const int SchemaVersion = 1;

    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS event_log (
            sequence INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            id TEXT NOT NULL,
            stream TEXT NOT NULL,
            payload TEXT NOT NULL,
            stored_at INTEGER NOT NULL,
            UNIQUE (type, id)
        );
        CREATE INDEX IF NOT EXISTS event_log_stream ON event_log (stream);
        """;

    public static SqliteConnection OpenWriter(string connectionString, string databasePath)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            RequireWal(connection, databasePath);
            RequireFullSynchronous(connection, databasePath);
            CreateOrCheckSchema(connection, databasePath);
            // A larger cache keeps the index pages hot; checkpointing every 10,000 pages (40 MB) instead of 1,000 lets an
            // index page that many commits touch reach the database file once per checkpoint, not once per commit.
            Execute(connection, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 10000;");
            return connection;
        }
        catch (SqliteException exception)
        {
            connection.Dispose();
            throw new StorageStartupException(
                $"Storage cannot start: opening the SQLite database '{databasePath}' failed: {exception.Message}", exception);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void RequireWal(SqliteConnection connection, string databasePath)
    {
        var answered = Query(connection, "PRAGMA journal_mode = WAL;");
        var current = Query(connection, "PRAGMA journal_mode;");
        if (!IsWal(answered) || !IsWal(current))
        {
            throw new StorageStartupException(
                $"Storage cannot start: the SQLite database '{databasePath}' answered journal_mode '{answered}' to " +
                $"'PRAGMA journal_mode = WAL' and now reports '{current}'. WAL journaling is required for durable group " +
                "commit; use a regular file on a local filesystem that supports shared memory (not an in-memory database).");
        }
    }

    private static void RequireFullSynchronous(SqliteConnection connection, string databasePath)
    {
        const long Full = 2;
        Execute(connection, "PRAGMA synchronous = FULL;");
        var current = Convert.ToInt64(Query(connection, "PRAGMA synchronous;"), System.Globalization.CultureInfo.InvariantCulture);
        if (current != Full)
        {
            throw new StorageStartupException(
                $"Storage cannot start: the SQLite database '{databasePath}' reports synchronous = {current} after " +
                $"'PRAGMA synchronous = FULL' (expected {Full}, FULL). Without it a commit may be lost on power failure.");
        }
    }

    private static void CreateOrCheckSchema(SqliteConnection connection, string databasePath)
    {
        var version = Convert.ToInt64(Query(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new StorageStartupException(
                $"Storage cannot start: the SQLite database '{databasePath}' has schema version {version}, " +
                $"newer than this build understands ({SchemaVersion}).");
        }

        Execute(connection, $"BEGIN IMMEDIATE; {CreateSchemaSql} PRAGMA user_version = {SchemaVersion}; COMMIT;");
    }

    private static bool IsWal(string? journalMode) => string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase);

    private static string? Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

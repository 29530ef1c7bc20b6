using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Storage;

/// <summary>
/// Opens GridPulse's SQLite files (the event log and the accounts) the one way: in the data directory, with WAL
/// journaling and <c>synchronous=FULL</c>, both verified, so that an answered write survives a crash or a power cut.
/// </summary>
public static class SqliteDatabase
{
    /// <summary>The full path of <paramref name="fileName"/> in <paramref name="dataDirectory"/>, creating the directory.</summary>
    /// <exception cref="StorageStartupException">The directory cannot be created.</exception>
    public static string PathIn(string dataDirectory, string fileName)
    {
        var directory = Path.GetFullPath(dataDirectory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StorageStartupException(
                $"Storage cannot start: the data directory '{directory}' cannot be created: {exception.Message}", exception);
        }

        return Path.Combine(directory, fileName);
    }

    /// <summary>The connection string of the one writing connection to <paramref name="databasePath"/>, created if missing.</summary>
    public static string WriteConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ConnectionString;

    /// <summary>
    /// Opens <paramref name="connectionString"/> and makes it durable: WAL journaling and <c>synchronous=FULL</c>,
    /// verified; then runs <paramref name="prepare"/> on it (its schema, its settings).
    /// </summary>
    /// <exception cref="StorageStartupException">The file cannot be opened, refuses either setting, or fails <paramref name="prepare"/> in SQLite.</exception>
    public static SqliteConnection OpenDurable(string connectionString, Action<SqliteConnection>? prepare = null)
    {
        var connection = new SqliteConnection(connectionString);
        var databasePath = new SqliteConnectionStringBuilder(connectionString).DataSource;
        try
        {
            connection.Open();
            RequireWal(connection, databasePath);
            RequireFullSynchronous(connection, databasePath);
            prepare?.Invoke(connection);
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

    /// <summary>
    /// Takes the lock file <paramref name="lockPath"/> (created if missing) for this process alone, or null when another
    /// holder has it: what makes one process the only writer of a database. The lock lasts until the stream is disposed
    /// or the process ends.
    /// </summary>
    public static FileStream? TryLockFile(string lockPath)
    {
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, as invariant text.</summary>
    internal static string? Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="sql"/>, one statement or several.</summary>
    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
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
        var current = Convert.ToInt64(Query(connection, "PRAGMA synchronous;"), CultureInfo.InvariantCulture);
        if (current != Full)
        {
            throw new StorageStartupException(
                $"Storage cannot start: the SQLite database '{databasePath}' reports synchronous = {current} after " +
                $"'PRAGMA synchronous = FULL' (expected {Full}, FULL). Without it a commit may be lost on power failure.");
        }
    }

    private static bool IsWal(string? journalMode) => string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase);
}

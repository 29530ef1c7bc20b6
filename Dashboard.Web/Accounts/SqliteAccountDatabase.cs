using System.Data.Common;
using Microsoft.Data.Sqlite;
using Storage;

namespace Dashboard.Web.Accounts;

/// <summary>
/// The accounts in the SQLite file <see cref="DatabaseFileName"/> of the data directory, on one durable connection
/// (<see cref="SqliteDatabase"/>): the embedded default, which one process owns.
/// </summary>
public sealed class SqliteAccountDatabase : AccountDatabase
{
    /// <summary>The database file inside the data directory.</summary>
    public const string DatabaseFileName = "accounts.db";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;

    /// <summary>Opens (creating if missing) the accounts database in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="StorageStartupException">The file cannot be opened durably or its tables cannot be created.</exception>
    public SqliteAccountDatabase(string dataDirectory)
        : this(dataDirectory, prepare: null)
    {
    }

    /// <summary>Opens the database and runs <paramref name="prepare"/> on its connection first (tests: a size limit).</summary>
    internal SqliteAccountDatabase(string dataDirectory, Action<SqliteConnection>? prepare)
    {
        DatabasePath = SqliteDatabase.PathIn(dataDirectory, DatabaseFileName);
        _connection = SqliteDatabase.OpenDurable(SqliteDatabase.WriteConnectionString(DatabasePath), prepare);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA foreign_keys = ON; BEGIN IMMEDIATE; {CreateSchemaSql} COMMIT;";
            command.ExecuteNonQuery();
        }
        catch (SqliteException exception)
        {
            _connection.Dispose();
            throw new StorageStartupException($"账号库无法打开 The accounts database '{DatabasePath}' cannot be opened: {exception.Message}", exception);
        }
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Completes at once: no other process writes this file.</summary>
    public override Task FollowChangesAsync(Func<AccountChange, CancellationToken, Task> apply, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    protected override Task<int> WriteAsync(AccountChange change, string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            Prepare(command, sql, parameters);
            try
            {
                return Task.FromResult(command.ExecuteNonQuery());
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == SQLitePCL.raw.SQLITE_FULL)
            {
                throw new StorageFullException($"The storage is full: the SQLite database '{DatabasePath}' answered SQLITE_FULL.", exception);
            }
        }
    }

    /// <inheritdoc />
    protected override Task<IReadOnlyList<T>> ReadAsync<T>(
        string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            Prepare(command, sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }

            return Task.FromResult<IReadOnlyList<T>>(rows);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => _connection.Dispose();
}

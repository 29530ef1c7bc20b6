using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Storage;

/// <summary>
/// A query that reads log entries straight from the SQLite statement. Replay reads the whole log on start-up, and
/// skipping the ADO.NET reader's per-column checks makes that scan about a third faster.
/// </summary>
internal sealed class SqliteEntryQuery : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    public SqliteEntryQuery(SqliteConnection connection, string sql)
    {
        _database = connection.Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, sql, out _statement), _database);
    }

    public void Bind(long value) => Bind(1, value);

    public void Bind(int parameter, long value) => SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_statement, parameter, value), _database);

    public void Bind(string value) => Bind(1, value);

    public void Bind(int parameter, string value) => SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(_statement, parameter, value), _database);

    /// <summary>Steps to the next row; false at the end.</summary>
    public bool TryRead([NotNullWhen(true)] out StoredEntry? entry)
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW)
        {
            entry = new StoredEntry(raw.sqlite3_column_int64(_statement, 0), Text(1), Text(2), Text(3), Text(4), OccurredAt());
            return true;
        }

        if (result != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(result, _database);
        }

        entry = null;
        return false;
    }

    /// <summary>Makes the statement ready to be bound and stepped again.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public void Dispose() => _statement.Dispose();

    /// <summary>The sixth column, the event time in UTC ticks, when the query selects it and it is not null.</summary>
    private DateTimeOffset? OccurredAt() =>
        raw.sqlite3_column_count(_statement) > 5 && raw.sqlite3_column_type(_statement, 5) != raw.SQLITE_NULL
            ? new DateTimeOffset(raw.sqlite3_column_int64(_statement, 5), TimeSpan.Zero)
            : null;

    private string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();
}

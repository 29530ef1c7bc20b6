using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Storage;

/// <summary>
/// A statement prepared once on a connection and run many times, bound straight through SQLite's C API: the ADO.NET
/// command's parameter objects cost more than the statement itself when a writer runs it for every row of a big batch
/// (the log's writer, the report projection's upserts). Not thread-safe; used by one writer.
/// </summary>
public sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private byte[] _text = new byte[1024];

    /// <summary>Prepares <paramref name="sql"/> (one statement) on <paramref name="connection"/>, which must be open.</summary>
    public SqliteStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
    }

    /// <summary>Binds an integer to the 1-based <paramref name="index"/>.</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds text to the 1-based <paramref name="index"/> through one reused UTF-8 buffer (SQLite copies it), not a new array per value.</summary>
    public void Bind(int index, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Check(BindText(_statement, index, text, ref _text));
    }

    /// <summary>Runs the statement to its end and makes it ready to be bound again; throws when SQLite reports an error.</summary>
    public void Run()
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_DONE)
            {
                Check(result);
                throw new InvalidOperationException($"SQLite answered {result} where {raw.SQLITE_DONE} was expected.");
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>Binds <paramref name="text"/> as UTF-8 encoded into <paramref name="buffer"/>, grown when too small; answers SQLite's result code.</summary>
    internal static int BindText(sqlite3_stmt statement, int index, string text, ref byte[] buffer)
    {
        // An empty span would bind SQL NULL, not ''.
        if (text.Length == 0)
        {
            return raw.sqlite3_bind_text(statement, index, text);
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (maxBytes > buffer.Length)
        {
            buffer = new byte[Math.Max(maxBytes, buffer.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(text, buffer);
        return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, length));
    }

    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _database);
}

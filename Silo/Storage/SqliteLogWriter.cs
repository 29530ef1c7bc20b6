using Microsoft.Data.Sqlite;

namespace Silo.Storage;

/// <summary>
/// The single write connection with its prepared commands. Writes a group of appends in one transaction and commits
/// once; used only by the event log's writer thread.
/// </summary>
internal sealed class SqliteLogWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _find;
    private readonly SqliteParameter _type;
    private readonly SqliteParameter _id;
    private readonly SqliteParameter _stream;
    private readonly SqliteParameter _payload;
    private readonly SqliteParameter _storedAt;
    private readonly SqliteParameter _findType;
    private readonly SqliteParameter _findId;

    public SqliteLogWriter(SqliteConnection connection, TimeProvider timeProvider)
    {
        _connection = connection;
        _timeProvider = timeProvider;
        _begin = Prepare("BEGIN IMMEDIATE;");
        _commit = Prepare("COMMIT;");
        _rollback = Prepare("ROLLBACK;");
        _insert = Prepare(
            "INSERT INTO event_log (type, id, stream, payload, stored_at) VALUES ($type, $id, $stream, $payload, $storedAt) " +
            "ON CONFLICT (type, id) DO NOTHING;",
            _type = new SqliteParameter("$type", SqliteType.Text),
            _id = new SqliteParameter("$id", SqliteType.Text),
            _stream = new SqliteParameter("$stream", SqliteType.Text),
            _payload = new SqliteParameter("$payload", SqliteType.Text),
            _storedAt = new SqliteParameter("$storedAt", SqliteType.Integer));
        _find = Prepare(
            "SELECT sequence, payload FROM event_log WHERE type = $type AND id = $id;",
            _findType = new SqliteParameter("$type", SqliteType.Text),
            _findId = new SqliteParameter("$id", SqliteType.Text));
    }

    /// <summary>Writes every append in one transaction; returns the results per append, in order, once committed.</summary>
    public AppendResult[][] Commit(IReadOnlyList<PendingAppend> appends)
    {
        _begin.ExecuteNonQuery();
        try
        {
            _storedAt.Value = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var results = new AppendResult[appends.Count][];
            for (var i = 0; i < appends.Count; i++)
            {
                results[i] = Write(appends[i].Entries);
            }

            _commit.ExecuteNonQuery();
            return results;
        }
        catch
        {
            RollBackIfOpen();
            throw;
        }
    }

    /// <summary>Moves the WAL into the database file and truncates it, so a closed log is one file.</summary>
    public void Checkpoint()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in new[] { _begin, _commit, _rollback, _insert, _find })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private AppendResult[] Write(IReadOnlyList<LogEntry> entries)
    {
        var results = new AppendResult[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            results[i] = Write(entries[i]);
        }

        return results;
    }

    private AppendResult Write(LogEntry entry)
    {
        _type.Value = entry.Type;
        _id.Value = entry.Id;
        _stream.Value = entry.Stream;
        _payload.Value = entry.Payload;
        if (_insert.ExecuteNonQuery() == 1)
        {
            return new AppendResult(AppendStatus.Appended, SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle));
        }

        return Existing(entry);
    }

    private AppendResult Existing(LogEntry entry)
    {
        _findType.Value = entry.Type;
        _findId.Value = entry.Id;
        using var reader = _find.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"Entry ({entry.Type}, {entry.Id}) was neither inserted nor found.");
        }

        var status = string.Equals(reader.GetString(1), entry.Payload, StringComparison.Ordinal)
            ? AppendStatus.Duplicate
            : AppendStatus.Conflict;
        return new AppendResult(status, reader.GetInt64(0));
    }

    private void RollBackIfOpen()
    {
        // SQLite rolls some failures back on its own (SQLITE_FULL, SQLITE_IOERR); a second ROLLBACK would throw.
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
        {
            _rollback.ExecuteNonQuery();
        }
    }

    private SqliteCommand Prepare(string sql, params SqliteParameter[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddRange(parameters);
        command.Prepare();
        return command;
    }
}

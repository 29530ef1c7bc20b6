using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Storage;

/// <summary>
/// The single write connection with its prepared statements. Writes a group of appends in one transaction and commits
/// once; used only by the event log's writer thread. Idempotency is decided here, inside the transaction: the key
/// hashes of every stored entry are held in a <see cref="LogKeyMap"/>, and only entries whose hash is already known
/// are compared with the stored rows (type, id, then payload).
/// </summary>
internal sealed class SqliteLogWriter : IDisposable
{
    /// <summary>The bytes of one (sequence, key hash) pair in <c>event_keys</c>: two little-endian 64-bit integers.</summary>
    private const int PairSize = 16;

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _database;
    private readonly TimeProvider _timeProvider;
    private readonly Func<string, string, long> _keyHash;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _insertPairs;
    private readonly sqlite3_stmt _insertStreams;
    private readonly sqlite3_stmt _find;
    private readonly sqlite3_stmt _probeInsert;
    private readonly sqlite3_stmt _probeDelete;
    private readonly LogKeyMap _transactionKeys = new();
    private readonly List<long> _candidates = [];
    private byte[] _transactionPairs = new byte[16 * 1024];
    private byte[] _text = new byte[4 * 1024];
    private int _transactionPairsLength;
    private byte[] _transactionStreams = new byte[16 * 1024];
    private int _transactionStreamsLength;
    private LogKeyMap _committedKeys = new();
    private bool _committedKeysStale = true;

    public SqliteLogWriter(SqliteConnection connection, TimeProvider timeProvider, Func<string, string, long> keyHash)
    {
        _connection = connection;
        _database = connection.Handle!;
        _timeProvider = timeProvider;
        _keyHash = keyHash;
        _begin = Prepare("BEGIN IMMEDIATE;");
        _commit = Prepare("COMMIT;");
        _rollback = Prepare("ROLLBACK;");
        _insert = Prepare(
            "INSERT INTO event_log (type, id, stream, by_stream, payload, stored_at, occurred_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);");
        _insertPairs = Prepare("INSERT INTO event_keys (pairs) VALUES (?1);");
        _insertStreams = Prepare("INSERT INTO event_streams (entries) VALUES (?1);");
        _find = Prepare("SELECT type, id, payload FROM event_log WHERE sequence = ?1;");
        _probeInsert = Prepare("INSERT INTO space_probe (bytes) VALUES (zeroblob(65536));");
        _probeDelete = Prepare("DELETE FROM space_probe;");
    }

    /// <summary>
    /// Reads the stored key hashes now rather than at the first commit (about 0.1 s a million entries), so that it
    /// overlaps the replay. A failure is left for the first commit to meet again and report to its callers.
    /// </summary>
    public void LoadKeysAhead()
    {
        try
        {
            RefreshKeysIfStale();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidDataException or InvalidOperationException)
        {
        }
    }

    /// <summary>Writes every append in one transaction; returns the results per append, in order, once committed.</summary>
    public AppendResult[][] Commit(IReadOnlyList<PendingAppend> appends)
    {
        RefreshKeysIfStale();
        Step(_begin);
        var committing = false;
        try
        {
            Check(raw.sqlite3_bind_int64(_insert, 6, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
            var results = new AppendResult[appends.Count][];
            for (var i = 0; i < appends.Count; i++)
            {
                results[i] = Write(appends[i].Entries);
            }

            InsertTransactionPairs();
            InsertTransactionStreams();
            committing = true;
            Step(_commit);
            _transactionKeys.CopyTo(_committedKeys);
            return results;
        }
        catch
        {
            // A failed COMMIT may, rarely, have reached the disk; the keys are then read back rather than guessed.
            _committedKeysStale |= committing;
            RollBackIfOpen();
            throw;
        }
        finally
        {
            _transactionKeys.Clear();
            _transactionPairsLength = 0;
            _transactionStreamsLength = 0;
        }
    }

    /// <summary>
    /// Commits a transaction that allocates pages and writes them to the WAL (a 64 KiB row inserted and deleted) and
    /// stores nothing: throws as an append would when the disk or the database is still full.
    /// </summary>
    public void ProbeSpace()
    {
        Step(_begin);
        try
        {
            Step(_probeInsert);
            Step(_probeDelete);
            Step(_commit);
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
        foreach (var statement in new[] { _begin, _commit, _rollback, _insert, _insertPairs, _insertStreams, _find, _probeInsert, _probeDelete })
        {
            statement.Dispose();
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
        var hash = _keyHash(entry.Type, entry.Id);
        _candidates.Clear();
        _committedKeys.CollectSequences(hash, _candidates);
        _transactionKeys.CollectSequences(hash, _candidates);
        foreach (var sequence in _candidates)
        {
            if (Compare(sequence, entry) is { } status)
            {
                return new AppendResult(status, sequence);
            }
        }

        var stored = Insert(hash, entry);
        _transactionKeys.Add(hash, stored);
        return new AppendResult(AppendStatus.Appended, stored);
    }

    private long Insert(long hash, LogEntry entry)
    {
        BindText(_insert, 1, entry.Type);
        BindText(_insert, 2, entry.Id);
        BindText(_insert, 3, entry.Stream);
        Check(raw.sqlite3_bind_int(_insert, 4, 0));
        BindText(_insert, 5, entry.Payload);
        Check(entry.OccurredAt is { } occurred ? raw.sqlite3_bind_int64(_insert, 7, occurred.UtcTicks) : raw.sqlite3_bind_null(_insert, 7));
        Step(_insert);
        var sequence = raw.sqlite3_last_insert_rowid(_database);
        AddTransactionPair(sequence, hash);
        AddTransactionStream(sequence, entry.Stream);
        return sequence;
    }

    /// <summary>Binds text through one reused UTF-8 buffer (SQLite copies it), not a new byte array per value.</summary>
    private void BindText(sqlite3_stmt statement, int index, string text) => Check(SqliteStatement.BindText(statement, index, text, ref _text));

    private void AddTransactionPair(long sequence, long hash)
    {
        if (_transactionPairsLength + PairSize > _transactionPairs.Length)
        {
            Array.Resize(ref _transactionPairs, _transactionPairs.Length * 2);
        }

        var pair = _transactionPairs.AsSpan(_transactionPairsLength, PairSize);
        BinaryPrimitives.WriteInt64LittleEndian(pair, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(pair[8..], hash);
        _transactionPairsLength += PairSize;
    }

    private void AddTransactionStream(long sequence, string stream)
    {
        var needed = _transactionStreamsLength + StreamEntries.HeaderSize + Encoding.UTF8.GetMaxByteCount(stream.Length);
        if (needed > _transactionStreams.Length)
        {
            Array.Resize(ref _transactionStreams, Math.Max(needed, _transactionStreams.Length * 2));
        }

        _transactionStreamsLength += StreamEntries.Write(_transactionStreams.AsSpan(_transactionStreamsLength), sequence, stream);
    }

    private void InsertTransactionStreams()
    {
        if (_transactionStreamsLength > 0)
        {
            Check(raw.sqlite3_bind_blob(_insertStreams, 1, _transactionStreams.AsSpan(0, _transactionStreamsLength)));
            Step(_insertStreams);
        }
    }

    private void InsertTransactionPairs()
    {
        if (_transactionPairsLength > 0)
        {
            Check(raw.sqlite3_bind_blob(_insertPairs, 1, _transactionPairs.AsSpan(0, _transactionPairsLength)));
            Step(_insertPairs);
        }
    }

    /// <summary>The status of <paramref name="entry"/> against the stored entry at <paramref name="sequence"/>; null when that entry has another key.</summary>
    private AppendStatus? Compare(long sequence, LogEntry entry)
    {
        try
        {
            Check(raw.sqlite3_bind_int64(_find, 1, sequence));
            var result = raw.sqlite3_step(_find);
            Check(result);
            if (result != raw.SQLITE_ROW)
            {
                throw new InvalidOperationException($"The key map names sequence {sequence}, which the log does not hold.");
            }

            if (!Equals(0, entry.Type) || !Equals(1, entry.Id))
            {
                return null;
            }

            return Equals(2, entry.Payload) ? AppendStatus.Duplicate : AppendStatus.Conflict;
        }
        finally
        {
            raw.sqlite3_reset(_find);
        }
    }

    private bool Equals(int column, string text) =>
        string.Equals(raw.sqlite3_column_text(_find, column).utf8_to_string(), text, StringComparison.Ordinal);

    private LogKeyMap LoadKeys()
    {
        using var scan = Prepare("SELECT pairs FROM event_keys;");
        var keys = new LogKeyMap(LastSequence());
        int result;
        while ((result = raw.sqlite3_step(scan)) == raw.SQLITE_ROW)
        {
            var pairs = raw.sqlite3_column_blob(scan, 0);
            if (pairs.Length % PairSize != 0)
            {
                throw new InvalidDataException($"A row of event_keys holds {pairs.Length} bytes, not whole (sequence, key hash) pairs.");
            }

            for (var offset = 0; offset < pairs.Length; offset += PairSize)
            {
                var pair = pairs.Slice(offset, PairSize);
                keys.Add(BinaryPrimitives.ReadInt64LittleEndian(pair[8..]), BinaryPrimitives.ReadInt64LittleEndian(pair));
            }
        }

        Check(result);
        return keys;
    }

    private long LastSequence()
    {
        using var last = Prepare("SELECT coalesce(max(sequence), 0) FROM event_log;");
        var result = raw.sqlite3_step(last);
        Check(result);
        return result == raw.SQLITE_ROW ? raw.sqlite3_column_int64(last, 0) : 0;
    }

    private void RefreshKeysIfStale()
    {
        if (_committedKeysStale)
        {
            _committedKeys = LoadKeys();
            _committedKeysStale = false;
        }
    }

    private void RollBackIfOpen()
    {
        // SQLite rolls some failures back on its own (SQLITE_FULL, SQLITE_IOERR); a second ROLLBACK would throw.
        if (raw.sqlite3_get_autocommit(_database) == 0)
        {
            Step(_rollback);
        }
    }

    private void Step(sqlite3_stmt statement, int expected = raw.SQLITE_DONE)
    {
        try
        {
            var result = raw.sqlite3_step(statement);
            if (result != expected)
            {
                Check(result);
                throw new InvalidOperationException($"SQLite answered {result} where {expected} was expected.");
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _database);

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_database, sql, out var statement));
        return statement;
    }
}

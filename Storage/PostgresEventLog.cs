using System.Runtime.CompilerServices;
using Npgsql;

namespace Storage;

/// <summary>
/// The event log in PostgreSQL (issue 11), for a cluster whose processes share one store: the same contract as
/// <see cref="SqliteEventLog"/>. Appends are grouped as there (<see cref="GroupCommit"/>): one transaction, one
/// commit, answered only after it; the server's <c>fsync</c> and <c>synchronous_commit</c> are verified at open.
/// Idempotency is decided inside the transaction by the unique key (type, id): an insert that meets a stored key
/// writes nothing, and the stored entry's payload tells a duplicate from a conflict, also when another process
/// stored it. Writers of all processes take one transaction-level advisory lock, so sequences become visible in
/// order and a reader's position (the highest sequence it saw) never skips an entry committed later.
/// </summary>
public sealed class PostgresEventLog : IEventLog, IAsyncDisposable, IGroupWriter
{
    // Any constant shared by every GridPulse writer; "GridPulse" in ASCII.
    private const long WriterLock = 0x47726964_50756C;

    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS event_log (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            type text NOT NULL,
            id text NOT NULL,
            stream text NOT NULL,
            payload text NOT NULL,
            stored_at bigint NOT NULL,
            UNIQUE (type, id)
        );
        CREATE INDEX IF NOT EXISTS event_log_stream ON event_log (stream, sequence);
        DO $$
        BEGIN
            -- ALTER TABLE locks the table exclusively even when the column exists: only a log of before event times needs it.
            IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'event_log' AND column_name = 'occurred_at') THEN
                ALTER TABLE event_log ADD COLUMN occurred_at bigint;
            END IF;
        END $$;
        CREATE INDEX IF NOT EXISTS event_log_occurred ON event_log (occurred_at, sequence) WHERE occurred_at IS NOT NULL;
        """;

    private const string InsertSql =
        "INSERT INTO event_log (type, id, stream, payload, stored_at, occurred_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (type, id) DO NOTHING RETURNING sequence;";

    private const string FindSql = "SELECT sequence, payload FROM event_log WHERE type = $1 AND id = $2;";

    private const string EntryColumns = "sequence, type, id, stream, payload";


    private readonly NpgsqlDataSource _source;
    // The group commit's connection, opened again when the server went away (a restart breaks it for good).
    private NpgsqlConnection _writer;
    private readonly TimeProvider _time;
    private readonly GroupCommit _appends;

    /// <summary>Opens the log on <paramref name="connectionString"/>, creating its table if missing.</summary>
    /// <exception cref="StorageStartupException">The server cannot be reached or does not guarantee durable commits.</exception>
    public PostgresEventLog(string connectionString, TimeProvider? timeProvider = null, LogMetrics? metrics = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        try
        {
            _source = PostgresDatabase.CreateDataSource(connectionString);
            _writer = _source.OpenConnection();
            PostgresDatabase.RequireDurableCommits(_writer);
            using var schema = _writer.BeginTransaction();
            Execute(_writer, $"SELECT pg_advisory_xact_lock({WriterLock}); {CreateSchemaSql}");
            schema.Commit();
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException)
        {
            _writer?.Dispose();
            _source?.Dispose();
            throw new StorageStartupException(
                $"Storage cannot start: PostgreSQL at '{PostgresDatabase.Describe(connectionString)}' cannot be used: {exception.Message}", exception);
        }

        _appends = new GroupCommit(this, metrics);
    }

    /// <summary>How many transactions the writer has committed; fewer than appends when callers share commits.</summary>
    internal long CommitCount => _appends.CommitCount;

    /// <inheritdoc />
    public Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default) =>
        _appends.AppendAsync(entries, this, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEntry> ReadAllAsync(
        long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        await using var command = _source.CreateCommand($"SELECT {EntryColumns} FROM event_log WHERE sequence > $1 ORDER BY sequence;");
        command.Parameters.Add(new() { Value = afterSequence });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ToEntry(reader);
        }
    }

    /// <inheritdoc />
    public async Task<StreamRead> ReadStreamAsync(
        string stream, long afterSequence = 0, IReadOnlySet<long>? except = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ObjectDisposedException.ThrowIf(IsDisposed, this);

        try
        {
            return await ReadStreamOnceAsync(stream, afterSequence, except, cancellationToken);
        }
        catch (Exception exception) when (IsOutage(exception))
        {
            throw Unavailable(exception);
        }
    }

    private async Task<StreamRead> ReadStreamOnceAsync(string stream, long afterSequence, IReadOnlySet<long>? except, CancellationToken cancellationToken)
    {
        // One snapshot for both: the position read and every entry of the stream up to it.
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var position = new NpgsqlCommand("SELECT coalesce(max(sequence), 0) FROM event_log;", connection, transaction);
        var at = (long)(await position.ExecuteScalarAsync(cancellationToken))!;
        await using var query = new NpgsqlCommand(
            $"SELECT {EntryColumns} FROM event_log WHERE stream = $1 AND sequence > $2 AND NOT (sequence = ANY($3)) ORDER BY sequence;", connection, transaction);
        query.Parameters.Add(new() { Value = stream });
        query.Parameters.Add(new() { Value = afterSequence });
        query.Parameters.Add(new() { Value = except?.ToArray() ?? [] });
        var entries = new List<StoredEntry>();
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(ToEntry(reader));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new StreamRead(entries, at);
    }

    /// <inheritdoc />
    public async Task<StoredEntry?> ReadLatestAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        try
        {
            await using var command = _source.CreateCommand($"SELECT {EntryColumns} FROM event_log WHERE stream = $1 ORDER BY sequence DESC LIMIT 1;");
            command.Parameters.Add(new() { Value = stream });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ToEntry(reader) : null;
        }
        catch (Exception exception) when (IsOutage(exception))
        {
            throw Unavailable(exception);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEntry>> ReadNewestAsync(IReadOnlyList<string> types, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        try
        {
            await using var command = _source.CreateCommand($"SELECT {EntryColumns} FROM event_log WHERE type = ANY($1) ORDER BY sequence DESC LIMIT $2;");
            command.Parameters.Add(new() { Value = types.ToArray() });
            command.Parameters.Add(new() { Value = count });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var newest = new List<StoredEntry>(Math.Min(count, 1024));
            while (await reader.ReadAsync(cancellationToken))
            {
                newest.Add(ToEntry(reader));
            }

            newest.Reverse();
            return newest;
        }
        catch (Exception exception) when (IsOutage(exception))
        {
            throw Unavailable(exception);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEntry> ReadOccurredAsync(
        DateTimeOffset since, DateTimeOffset until, IReadOnlyList<string> types, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(types);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        await using var command = _source.CreateCommand(
            $"SELECT {EntryColumns}, occurred_at FROM event_log WHERE occurred_at >= $1 AND occurred_at < $2 AND type = ANY($3) ORDER BY occurred_at, sequence;");
        command.Parameters.Add(new() { Value = since.UtcTicks });
        command.Parameters.Add(new() { Value = until.UtcTicks });
        command.Parameters.Add(new() { Value = types.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ToEntry(reader) with { OccurredAt = new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero) };
        }
    }

    /// <inheritdoc />
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) =>
        _appends.IsReachableAsync(
            async token =>
            {
                await using var command = _source.CreateCommand("SELECT 1;");
                await command.ExecuteScalarAsync(token);
                return true;
            },
            cancellationToken);

    /// <summary>Stops taking appends, commits what is already queued and closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!await _appends.TryCompleteAsync())
        {
            return;
        }

        await _writer.DisposeAsync();
        await _source.DisposeAsync();
    }

    private bool IsDisposed => _appends.IsCompleted;

    private static StoredEntry ToEntry(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    void IGroupWriter.Start()
    {
    }

    Exception IGroupWriter.Failed(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DiskFull }
            ? new StorageFullException($"The storage is full: PostgreSQL answered disk_full: {exception.Message}")
            : IsOutage(exception) ? Unavailable(exception) : exception;

    /// <summary>
    /// True when <paramref name="exception"/> says the server could not be reached or went away (connection refused
    /// or broken, the server shutting down or starting), not that it refused a statement.
    /// </summary>
    private static bool IsOutage(Exception exception) =>
        exception is PostgresException { IsTransient: true } || (exception is NpgsqlException and not PostgresException);

    /// <summary>
    /// The outage as the callers see it, its cause in the message only: the exception crosses grain calls between
    /// processes, and Orleans cannot serialize Npgsql's exceptions.
    /// </summary>
    private static StorageUnavailableException Unavailable(Exception exception) =>
        new($"PostgreSQL cannot be reached: {exception.GetType().Name}: {exception.Message}");

    void IGroupWriter.Committed(IReadOnlyList<PendingAppend> group, AppendResult[][] results)
    {
    }

    /// <summary>
    /// Writes the group in one transaction: every entry's insert in one round trip, then one for the stored entries
    /// of the keys that were taken, and one commit.
    /// </summary>
    AppendResult[][] IGroupWriter.Commit(IReadOnlyList<PendingAppend> group)
    {
        var entries = group.SelectMany(pending => pending.Entries).ToList();
        var storedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_writer.FullState != System.Data.ConnectionState.Open)
        {
            _writer.Dispose();
            _writer = _source.OpenConnection();
        }

        using var transaction = _writer.BeginTransaction();
        Execute(_writer, $"SELECT pg_advisory_xact_lock({WriterLock});");
        var sequences = new long?[entries.Count];
        using (var inserts = new NpgsqlBatch(_writer, transaction))
        {
            foreach (var entry in entries)
            {
                inserts.BatchCommands.Add(Command(InsertSql, entry.Type, entry.Id, entry.Stream, entry.Payload, storedAt, (object?)entry.OccurredAt?.UtcTicks ?? DBNull.Value));
            }

            using var reader = inserts.ExecuteReader();
            for (var i = 0; i < entries.Count; i++, reader.NextResult())
            {
                sequences[i] = reader.Read() ? reader.GetInt64(0) : null;
            }
        }

        var flat = new AppendResult[entries.Count];
        var taken = Enumerable.Range(0, entries.Count).Where(i => sequences[i] is null).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            flat[i] = new AppendResult(AppendStatus.Appended, sequences[i] ?? 0);
        }

        if (taken.Count > 0)
        {
            using var finds = new NpgsqlBatch(_writer, transaction);
            foreach (var i in taken)
            {
                finds.BatchCommands.Add(Command(FindSql, entries[i].Type, entries[i].Id));
            }

            using var reader = finds.ExecuteReader();
            foreach (var i in taken)
            {
                reader.Read();
                flat[i] = new AppendResult(reader.GetString(1) == entries[i].Payload ? AppendStatus.Duplicate : AppendStatus.Conflict, reader.GetInt64(0));
                reader.NextResult();
            }
        }

        transaction.Commit();
        var results = new AppendResult[group.Count][];
        var at = 0;
        for (var g = 0; g < group.Count; g++)
        {
            results[g] = flat[at..(at + group[g].Entries.Count)];
            at += group[g].Entries.Count;
        }

        return results;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return command;
    }
}

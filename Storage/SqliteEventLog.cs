using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Storage;

/// <summary>
/// The event log in an embedded SQLite file (<see cref="DatabaseFileName"/> under <see cref="StorageOptions.DataDirectory"/>),
/// with WAL journaling and <c>synchronous=FULL</c>, both verified when it opens.
/// One writer thread drains every waiting append into one transaction and commits once (group commit), so concurrent
/// callers share the cost of the durable commit. Reads run on their own connections beside the writer.
/// </summary>
/// <remarks>
/// Cancellation of <see cref="AppendAsync"/>: if the token is cancelled before the writer takes the entries, they are
/// not written and the task is cancelled. Once the writer has taken them they are written and may commit even though
/// the caller's task ends as cancelled; the caller must then treat the outcome as unknown and may repeat the append,
/// which idempotency makes safe.
/// <para>
/// A full disk or database (SQLite's <c>SQLITE_FULL</c>) fails the commit's callers with <see cref="StorageFullException"/>
/// and stores none of it. The log is then full until a commit succeeds: <see cref="IsReachableAsync"/> answers false
/// unless a trial commit (<see cref="SqliteLogWriter.ProbeSpace"/>) finds space again, and the start and the end of
/// the episode are logged once each, not per failed write.
/// </para>
/// </remarks>
public sealed partial class SqliteEventLog : IEventLog, IAsyncDisposable, IGroupWriter
{
    /// <summary>The name of the database file inside the data directory.</summary>
    public const string DatabaseFileName = "events.db";

    /// <summary>The query of one entry by its sequence, as <see cref="ReadStreamAsync"/> reads a stream's entries.</summary>
    internal const string ReadEntrySql = "SELECT sequence, type, id, stream, payload FROM event_log WHERE sequence = ?1;";


    private readonly SqliteLogWriter _writer;
    private readonly StreamIndex _streams = new();
    private readonly FileStream _writerLock;
    private readonly string _readConnectionString;
    private readonly GroupCommit _appends;
    private readonly ILogger _logger;
    private int _full;

    /// <summary>Opens (creating if missing) the log in the configured data directory; throws <see cref="StorageStartupException"/> when it cannot guarantee durability.</summary>
    public SqliteEventLog(
        IOptions<StorageOptions> options, TimeProvider? timeProvider = null, LogMetrics? metrics = null, ILogger<SqliteEventLog>? logger = null)
        : this(WriteConnectionStringFor(options.Value.DataDirectory), timeProvider ?? TimeProvider.System, logger: logger, metrics: metrics)
    {
    }

    /// <summary>
    /// Opens the log on any connection string; tests use it to reach databases that refuse WAL and to limit the writer
    /// connection (<paramref name="configureWriter"/> runs on it after the start-up checks).
    /// </summary>
    /// <param name="writeConnectionString">The connection string of the writer.</param>
    /// <param name="timeProvider">Stamps each commit's entries.</param>
    /// <param name="configureWriter">Runs on the writer connection after the start-up checks.</param>
    /// <param name="keyHash">The key hash; tests force collisions with it. Default: <see cref="LogKeyHash.Of"/>.</param>
    /// <param name="logger">Hears when the storage becomes full and when it has space again.</param>
    /// <param name="metrics">Records each commit's duration and size.</param>
    internal SqliteEventLog(
        string writeConnectionString,
        TimeProvider timeProvider,
        Action<SqliteConnection>? configureWriter = null,
        Func<string, string, long>? keyHash = null,
        ILogger? logger = null,
        LogMetrics? metrics = null)
    {
        _logger = logger ?? NullLogger.Instance;
        var write = new SqliteConnectionStringBuilder(writeConnectionString);
        DatabasePath = write.DataSource;
        var connection = SqliteLogFile.OpenWriter(write.ConnectionString, DatabasePath);
        try
        {
            _writerLock = SqliteLogFile.LockForWriting(DatabasePath);
            SqliteLogFile.LoadStreams(connection, _streams);
            configureWriter?.Invoke(connection);
            _writer = new SqliteLogWriter(connection, timeProvider, keyHash ?? LogKeyHash.Of);
        }
        catch
        {
            _writerLock?.Dispose();
            connection.Dispose();
            throw;
        }

        _readConnectionString = new SqliteConnectionStringBuilder(write.ConnectionString)
        {
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ConnectionString;
        _appends = new GroupCommit(this, metrics);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

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
        using var connection = OpenReader();
        using var query = new SqliteEntryQuery(
            connection, "SELECT sequence, type, id, stream, payload FROM event_log WHERE sequence > ?1 ORDER BY sequence;");
        query.Bind(afterSequence);
        while (query.TryRead(out var entry))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    /// <inheritdoc />
    public Task<StreamRead> ReadStreamAsync(
        string stream, long afterSequence = 0, IReadOnlySet<long>? except = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var (sequences, position) = _streams.After(stream, afterSequence);
        return Task.FromResult(new StreamRead(Read(except is null ? sequences : [.. sequences.Where(s => !except.Contains(s))]), position));
    }

    /// <inheritdoc />
    public Task<StoredEntry?> ReadLatestAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_streams.Latest(stream) is { } latest ? Read([latest]).SingleOrDefault() : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEntry>> ReadNewestAsync(IReadOnlyList<string> types, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        using var connection = OpenReader();
        using var query = new SqliteEntryQuery(
            connection,
            "SELECT sequence, type, id, stream, payload FROM event_log WHERE type IN (SELECT value FROM json_each(?1)) ORDER BY sequence DESC LIMIT ?2;");
        query.Bind(JsonSerializer.Serialize(types));
        query.Bind(2, count);
        var newest = new List<StoredEntry>(Math.Min(count, 1024));
        while (query.TryRead(out var entry))
        {
            cancellationToken.ThrowIfCancellationRequested();
            newest.Add(entry);
        }

        newest.Reverse();
        return Task.FromResult<IReadOnlyList<StoredEntry>>(newest);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredEntry> ReadOccurredAsync(
        DateTimeOffset since, DateTimeOffset until, IReadOnlyList<string> types, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(types);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (until <= since)
        {
            yield break;
        }

        // Read by UTC day in the order of the day index (SqliteLogFile), each day put in event-time order here.
        using var connection = OpenReader();
        using var query = new SqliteEntryQuery(
            connection,
            "SELECT sequence, type, id, stream, payload, occurred_at FROM event_log WHERE occurred_at IS NOT NULL " +
            "AND occurred_at / 864000000000 BETWEEN ?4 AND ?5 AND occurred_at >= ?1 AND occurred_at < ?2 " +
            "AND type IN (SELECT value FROM json_each(?3)) ORDER BY occurred_at / 864000000000, sequence;");
        query.Bind(1, since.UtcTicks);
        query.Bind(2, until.UtcTicks);
        query.Bind(3, JsonSerializer.Serialize(types));
        query.Bind(4, since.UtcTicks / TimeSpan.TicksPerDay);
        query.Bind(5, (until.UtcTicks - 1) / TimeSpan.TicksPerDay);
        var day = new List<StoredEntry>();
        var dayNumber = long.MinValue;
        while (query.TryRead(out var entry))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var number = entry.OccurredAt!.Value.UtcTicks / TimeSpan.TicksPerDay;
            if (number != dayNumber)
            {
                foreach (var inOrder in InEventTimeOrder(day))
                {
                    yield return inOrder;
                }

                day.Clear();
                dayNumber = number;
            }

            day.Add(entry);
        }

        foreach (var inOrder in InEventTimeOrder(day))
        {
            yield return inOrder;
        }

        await Task.CompletedTask;
    }

    // A day's entries come in sequence order; the sort is stable, so equal times keep it.
    private static IEnumerable<StoredEntry> InEventTimeOrder(List<StoredEntry> day) => day.OrderBy(entry => entry.OccurredAt!.Value.UtcTicks);

    /// <summary>The entries at <paramref name="sequences"/>, by primary key.</summary>
    private List<StoredEntry> Read(long[] sequences)
    {
        var entries = new List<StoredEntry>(sequences.Length);
        if (sequences.Length == 0)
        {
            return entries;
        }

        // The index holds only committed entries, so a reader opened now finds every one of them.
        using var connection = OpenReader();
        using var query = new SqliteEntryQuery(connection, ReadEntrySql);
        foreach (var sequence in sequences)
        {
            query.Bind(sequence);
            if (query.TryRead(out var entry))
            {
                entries.Add(entry);
            }

            query.Reset();
        }

        return entries;
    }

    /// <inheritdoc />
    public bool IsFull => Volatile.Read(ref _full) == 1;

    /// <inheritdoc />
    /// <remarks>While the storage is full, true only when a trial commit succeeds, which also ends the full state.</remarks>
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) =>
        _appends.IsReachableAsync(
            async token =>
                (!IsFull || await HasSpaceAgainAsync(token))
                // On a thread of its own, so that a hung disk costs the caller the timeout, not a blocked thread, and so
                // that the timeout measures the storage: queued on a busy thread pool, the probe once waited out its 2 s
                // for a thread and called a healthy log unreachable.
                && await Task.Factory.StartNew(QueryTrivially, token, TaskCreationOptions.LongRunning, TaskScheduler.Default),
            cancellationToken);

    /// <summary>Stops taking appends, commits what is already queued, checkpoints the WAL and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!await _appends.TryCompleteAsync())
        {
            return;
        }

        try
        {
            _writer.Checkpoint();
        }
        finally
        {
            _writer.Dispose();
            _writerLock.Dispose();
            using var pooled = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(pooled);
        }
    }

    private bool IsDisposed => _appends.IsCompleted;

    /// <summary>Queues a trial commit (an append of no entries) behind the waiting appends; true when it committed.</summary>
    private async Task<bool> HasSpaceAgainAsync(CancellationToken cancellationToken)
    {
        var probe = new PendingAppend([], cancellationToken);
        ObjectDisposedException.ThrowIf(!_appends.TryAdd(probe), this);
        try
        {
            await probe.Answer.WaitAsync(cancellationToken);
            return true;
        }
        catch (StorageFullException)
        {
            return false;
        }
    }

    /// <summary>The write connection string for the database in <paramref name="dataDirectory"/>, creating the directory.</summary>
    internal static string WriteConnectionStringFor(string dataDirectory) =>
        SqliteDatabase.WriteConnectionString(SqliteDatabase.PathIn(dataDirectory, DatabaseFileName));

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        using var mapping = connection.CreateCommand();
        // Memory-mapped reads avoid a system call per page when replay scans the whole log.
        mapping.CommandText = "PRAGMA mmap_size = 268435456;";
        mapping.ExecuteNonQuery();
        return connection;
    }

    private bool QueryTrivially()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM (SELECT 1 FROM event_log LIMIT 1);";
        command.ExecuteScalar();
        return true;
    }

    /// <summary>Runs the trial commit of a group of probes only; each probe is answered with no results.</summary>
    private AppendResult[][] ProbeSpace(IReadOnlyList<PendingAppend> probes)
    {
        _writer.ProbeSpace();
        return [.. probes.Select(_ => Array.Empty<AppendResult>())];
    }

    /// <summary>Enters the full state, logging its start once, and returns what the commit's callers hear.</summary>
    private StorageFullException BecomeFull(SqliteException cause)
    {
        if (Interlocked.Exchange(ref _full, 1) == 0)
        {
            LogFull(_logger, cause, DatabasePath);
        }

        return new StorageFullException($"The storage is full: the SQLite database '{DatabasePath}' answered SQLITE_FULL.", cause);
    }

    void IGroupWriter.Start() => _writer.LoadKeysAhead();

    AppendResult[][] IGroupWriter.Commit(IReadOnlyList<PendingAppend> group) =>
        group.All(pending => pending.Entries.Count == 0) ? ProbeSpace(group) : _writer.Commit(group);

    Exception IGroupWriter.Failed(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_FULL } full ? BecomeFull(full) : exception;

    void IGroupWriter.Committed(IReadOnlyList<PendingAppend> group, AppendResult[][] results)
    {
        if (Interlocked.Exchange(ref _full, 0) == 1)
        {
            LogSpaceAgain(_logger, DatabasePath);
        }

        var stored = new List<(string Stream, long Sequence)>();
        var last = 0L;
        for (var i = 0; i < group.Count; i++)
        {
            for (var k = 0; k < results[i].Length; k++)
            {
                last = Math.Max(last, results[i][k].Sequence);
                if (results[i][k].Status == AppendStatus.Appended)
                {
                    stored.Add((group[i].Entries[k].Stream, results[i][k].Sequence));
                }
            }
        }

        // Before the answers: a caller that hears "stored" finds its entry in the next stream read.
        _streams.AddCommit(stored, last);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "存储空间已满，写入被拒绝（应答 507），直到空间恢复 Storage is full: writes are refused (507) until space returns ({Database}).")]
    private static partial void LogFull(ILogger logger, Exception cause, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "存储空间已恢复，写入恢复正常 Storage has space again: writes are stored again ({Database}).")]
    private static partial void LogSpaceAgain(ILogger logger, string database);
}

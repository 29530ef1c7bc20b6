using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Storage;

/// <summary>Opens the log's database for writing: verifies durability settings and creates or checks the schema.</summary>
internal static class SqliteLogFile
{
    /// <summary>How long start-up waits for another writer to release the database.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(50);

    public const int SchemaVersion = 2;

    // No index on (type, id): the writer decides idempotency from the key hashes, held in memory (see LogKeyMap) and read
    // at open from event_keys, one row per commit whose blob holds the commit's (sequence, key hash) pairs, so that a
    // million keys load in a few rows. A random-key index would dirty one page per appended entry, which the WAL then
    // writes in every commit. For the same reason streams are indexed in memory (StreamIndex), not in SQLite:
    // the stream index of earlier builds is dropped, and by_stream, which chose the entries it held, is written 0. The
    // StreamIndex is read at open from event_streams, one row per commit with its entries' (sequence, stream) (see
    // StreamEntries): a thousand rows, where reading the stream of each of a million entries took a second and a half.
    // occurred_at (version 2) is the event time in UTC ticks, null for entries stored before it was kept. Replay
    // (ReadOccurredAsync) reads it by day through a partial index on (UTC day, sequence), not on the time itself: a batch
    // of reports over a past week has random times, which in a time index dirtied a page per entry (batch ingestion fell
    // from about 87,000 to 54,000 reports a second), while the day index appends at the end of a few days' ranges.
    // space_probe stays empty: while the storage is full, a trial commit writes and deletes one row of it to learn
    // whether space has returned (SqliteLogWriter.ProbeSpace).
    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS event_log (
            sequence INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            id TEXT NOT NULL,
            stream TEXT NOT NULL,
            by_stream INTEGER NOT NULL,
            payload TEXT NOT NULL,
            stored_at INTEGER NOT NULL,
            occurred_at INTEGER
        );
        DROP INDEX IF EXISTS event_log_stream;
        DROP INDEX IF EXISTS event_log_occurred;
        CREATE INDEX IF NOT EXISTS event_log_occurred_day ON event_log (occurred_at / 864000000000, sequence) WHERE occurred_at IS NOT NULL;
        CREATE TABLE IF NOT EXISTS event_keys (
            commit_number INTEGER PRIMARY KEY,
            pairs BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS event_streams (
            commit_number INTEGER PRIMARY KEY,
            entries BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS space_probe (
            bytes BLOB NOT NULL
        );
        """;

    /// <summary>Opens the log's database durably (<see cref="SqliteDatabase.OpenDurable"/>) and creates or checks its schema.</summary>
    public static SqliteConnection OpenWriter(string connectionString, string databasePath) =>
        SqliteDatabase.OpenDurable(connectionString, connection =>
        {
            CreateOrCheckSchema(connection, databasePath);
            // A larger cache keeps the index pages hot; checkpointing every 10,000 pages (40 MB) instead of 1,000 lets an
            // index page that many commits touch reach the database file once per checkpoint, not once per commit.
            SqliteDatabase.Execute(connection, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 10000;");
        });

    /// <summary>
    /// Takes the file lock that makes this process the database's only writer: idempotency is decided from keys held in
    /// the writer's memory, which a second writer would not see. A writer that is still shutting down (a restart) gets
    /// <see cref="LockWait"/> to let go before start-up gives up.
    /// </summary>
    public static FileStream LockForWriting(string databasePath)
    {
        var lockPath = databasePath + "-writer";
        var deadline = Environment.TickCount64 + (long)LockWait.TotalMilliseconds;
        while (true)
        {
            if (SqliteDatabase.TryLockFile(lockPath) is { } locked)
            {
                return locked;
            }

            if (Environment.TickCount64 >= deadline)
            {
                throw new StorageStartupException(
                    $"Storage cannot start: the SQLite database '{databasePath}' is already open for writing (the lock file " +
                    $"'{lockPath}' is held, by another process or another log in this one).");
            }

            Thread.Sleep(LockRetry);
        }
    }

    private static void CreateOrCheckSchema(SqliteConnection connection, string databasePath)
    {
        var version = Convert.ToInt64(SqliteDatabase.Query(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new StorageStartupException(
                $"Storage cannot start: the SQLite database '{databasePath}' has schema version {version}, " +
                $"newer than this build understands ({SchemaVersion}).");
        }

        var layout = RequireCurrentLayout(connection, databasePath, version);
        // A version 1 log gets the event time column; its entries keep none (their days replay as such).
        var addEventTime = layout == "7/1" ? "ALTER TABLE event_log ADD COLUMN occurred_at INTEGER;" : "";
        SqliteDatabase.Execute(connection, $"BEGIN IMMEDIATE; {addEventTime} {CreateSchemaSql} PRAGMA user_version = {SchemaVersion}; COMMIT;");
    }

    /// <summary>
    /// Refuses a file of an earlier development layout of version 1 (with UNIQUE (type, id), without by_stream); answers
    /// the layout: "0/0" (no table yet), "7/1" (version 1) or "8/1" (version 2, with occurred_at).
    /// </summary>
    private static string RequireCurrentLayout(SqliteConnection connection, string databasePath, long version)
    {
        var layout = SqliteDatabase.Query(
            connection,
            "SELECT count(*) || '/' || count(CASE WHEN name = 'by_stream' THEN 1 END) FROM pragma_table_info('event_log');");
        if (layout is not ("0/0" or "7/1" or "8/1"))
        {
            throw new StorageStartupException(
                $"Storage cannot start: the SQLite database '{databasePath}' has schema version {version} in an " +
                "earlier development layout (its event_log lacks by_stream or has other columns). Move it away to start a new log.");
        }

        return layout;
    }

    /// <summary>
    /// Fills <paramref name="streams"/> with every stored entry, in sequence order: from the commits' rows of
    /// event_streams, and from the entries themselves for those no row covers (a log written before event_streams).
    /// </summary>
    public static void LoadStreams(SqliteConnection connection, StreamIndex streams)
    {
        var database = connection.Handle!;
        using var rows = Prepare(database, "SELECT entries FROM event_streams ORDER BY commit_number;");
        var covered = false;
        var last = 0L;
        int result;
        while ((result = raw.sqlite3_step(rows)) == raw.SQLITE_ROW)
        {
            var entries = raw.sqlite3_column_blob(rows, 0);
            if (!covered)
            {
                // The commits before event_streams existed come first.
                ScanEntries(database, streams, "sequence < ?1", StreamEntries.FirstSequence(entries));
                covered = true;
            }

            last = StreamEntries.Read(entries, streams);
        }

        Check(database, result);
        ScanEntries(database, streams, "sequence > ?1", covered ? last : 0);
    }

    /// <summary>Adds the stream of each entry that matches <paramref name="where"/> (with ?1 bound to <paramref name="bound"/>), straight from the statement.</summary>
    private static void ScanEntries(sqlite3 database, StreamIndex streams, string where, long bound)
    {
        using var scan = Prepare(database, $"SELECT sequence, stream FROM event_log WHERE {where} ORDER BY sequence;");
        Check(database, raw.sqlite3_bind_int64(scan, 1, bound));
        int result;
        while ((result = raw.sqlite3_step(scan)) == raw.SQLITE_ROW)
        {
            streams.Add(raw.sqlite3_column_blob(scan, 1), raw.sqlite3_column_int64(scan, 0));
        }

        Check(database, result);
    }

    private static sqlite3_stmt Prepare(sqlite3 database, string sql)
    {
        Check(database, raw.sqlite3_prepare_v2(database, sql, out var statement));
        return statement;
    }

    private static void Check(sqlite3 database, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(result, database);
        }
    }
}

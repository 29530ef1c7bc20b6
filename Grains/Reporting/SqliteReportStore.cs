using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Storage;

namespace Grains.Reporting;

/// <summary>
/// The projection in its own SQLite file (<see cref="DatabaseFileName"/> beside the event log), so that the
/// projector's transactions never wait for, or hold up, the log's group commit. Its writer is the process holding the
/// lock file beside it. WAL with <c>synchronous=NORMAL</c>: a crash may lose the latest transactions, never half of
/// one, and the checkpoint travels with the figures, so the projector simply reads the lost entries again.
/// </summary>
public sealed class SqliteReportStore : IReportStore
{
    /// <summary>The name of the database file inside the data directory.</summary>
    public const string DatabaseFileName = "reports.db";

    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS report_projection (
            only INTEGER PRIMARY KEY CHECK (only = 1),
            position INTEGER NOT NULL,
            as_of INTEGER
        );
        INSERT OR IGNORE INTO report_projection (only, position, as_of) VALUES (1, 0, NULL);
        CREATE TABLE IF NOT EXISTS report_grid_days (
            day INTEGER NOT NULL, grid TEXT NOT NULL,
            visits INTEGER NOT NULL, households INTEGER NOT NULL, trainings INTEGER NOT NULL, training_participants INTEGER NOT NULL,
            events INTEGER NOT NULL, event_participants INTEGER NOT NULL, cases_reported INTEGER NOT NULL,
            PRIMARY KEY (day, grid)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS report_worker_days (
            day INTEGER NOT NULL, worker TEXT NOT NULL, grid TEXT NOT NULL,
            visits INTEGER NOT NULL, households INTEGER NOT NULL, trainings INTEGER NOT NULL, training_participants INTEGER NOT NULL,
            events INTEGER NOT NULL, event_participants INTEGER NOT NULL, cases_reported INTEGER NOT NULL,
            PRIMARY KEY (day, worker)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS report_cases (
            id TEXT PRIMARY KEY, grid TEXT NOT NULL, category TEXT NOT NULL,
            reported_at INTEGER NOT NULL, deadline INTEGER NOT NULL,
            resolved_at INTEGER, closed_at INTEGER, cancelled_at INTEGER,
            reworked INTEGER NOT NULL, extended INTEGER NOT NULL, urges INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS report_cases_reported ON report_cases (reported_at);
        CREATE INDEX IF NOT EXISTS report_cases_deadline ON report_cases (deadline);
        """;

    private const string SumFigures =
        "sum(visits), sum(households), sum(trainings), sum(training_participants), sum(events), sum(event_participants), sum(cases_reported)";

    private const string AddFigures = """
        visits = visits + excluded.visits, households = households + excluded.households, trainings = trainings + excluded.trainings,
        training_participants = training_participants + excluded.training_participants, events = events + excluded.events,
        event_participants = event_participants + excluded.event_participants, cases_reported = cases_reported + excluded.cases_reported
        """;

    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;

    /// <summary>Opens (creating if missing) the projection in <paramref name="dataDirectory"/>.</summary>
    public SqliteReportStore(string dataDirectory)
    {
        DatabasePath = SqliteDatabase.PathIn(dataDirectory, DatabaseFileName);
        _writeConnectionString = SqliteDatabase.WriteConnectionString(DatabasePath);
        _readConnectionString = new SqliteConnectionStringBuilder(_writeConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ConnectionString;
        using var connection = OpenWriter();
        Execute(connection, CreateSchemaSql);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public Task<IReportWriter?> TryOpenWriterAsync(CancellationToken cancellationToken = default)
    {
        if (SqliteDatabase.TryLockFile(DatabasePath + "-writer") is not { } writerLock)
        {
            return Task.FromResult<IReportWriter?>(null);
        }

        try
        {
            var connection = OpenWriter();
            return Task.FromResult<IReportWriter?>(new Writer(connection, writerLock));
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<ProjectionState> ReadStateAsync(CancellationToken cancellationToken = default)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, as_of, (SELECT min(day) FROM report_grid_days) FROM report_projection;";
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new ProjectionState(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.IsDBNull(2) ? null : DateOnly.FromDayNumber(reader.GetInt32(2))));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<GridTotal>> ReadGridTotalsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken = default)
    {
        using var connection = OpenReader();
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var workers = connection.CreateCommand())
        {
            workers.CommandText = "SELECT grid, count(DISTINCT worker) FROM report_worker_days WHERE day BETWEEN $first AND $last GROUP BY grid;";
            BindDays(workers, first, last);
            using var reader = workers.ExecuteReader();
            while (reader.Read())
            {
                active[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        using var grids = connection.CreateCommand();
        grids.CommandText = $"SELECT grid, {SumFigures} FROM report_grid_days WHERE day BETWEEN $first AND $last GROUP BY grid;";
        BindDays(grids, first, last);
        var totals = new List<GridTotal>();
        using (var reader = grids.ExecuteReader())
        {
            while (reader.Read())
            {
                var grid = reader.GetString(0);
                totals.Add(new GridTotal(grid, ReadFigures(reader, 1), active.GetValueOrDefault(grid)));
            }
        }

        return Task.FromResult<IReadOnlyList<GridTotal>>(totals);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseFacts>> ReadCasesReportedAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ReportColumns.Case} FROM report_cases WHERE reported_at >= $from AND reported_at < $until;";
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        return Task.FromResult<IReadOnlyList<CaseFacts>>(ReadCases(command));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseFacts>> ReadOverdueAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {ReportColumns.Case} FROM report_cases
            WHERE deadline < $at AND reported_at <= $at
              AND (resolved_at IS NULL OR resolved_at > $at) AND (closed_at IS NULL OR closed_at > $at) AND (cancelled_at IS NULL OR cancelled_at > $at)
            ORDER BY deadline, id;
            """;
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return Task.FromResult<IReadOnlyList<CaseFacts>>(ReadCases(command));
    }

    private SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(_writeConnectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void BindDays(SqliteCommand command, DateOnly first, DateOnly last)
    {
        command.Parameters.AddWithValue("$first", first.DayNumber);
        command.Parameters.AddWithValue("$last", last.DayNumber);
    }

    private static DayFigures ReadFigures(SqliteDataReader reader, int at) => new(
        reader.GetInt64(at), reader.GetInt64(at + 1), reader.GetInt64(at + 2), reader.GetInt64(at + 3),
        reader.GetInt64(at + 4), reader.GetInt64(at + 5), reader.GetInt64(at + 6));

    private static List<CaseFacts> ReadCases(SqliteCommand command)
    {
        var cases = new List<CaseFacts>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cases.Add(new CaseFacts(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                Time(reader, 3)!.Value,
                Time(reader, 4)!.Value,
                Time(reader, 5),
                Time(reader, 6),
                Time(reader, 7),
                reader.GetInt64(8) != 0,
                reader.GetInt64(9) != 0,
                reader.GetInt32(10)));
        }

        return cases;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));

    private static object Value(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    /// <summary>
    /// The projector's connection, with the lock file that makes it the only one, and its two upserts prepared once and
    /// bound through SQLite's C API (<see cref="SqliteStatement"/>): a batch of reports over a week upserts about one
    /// row for every two reports, and ADO.NET's parameters cost more than the upsert.
    /// </summary>
    private sealed class Writer : IReportWriter
    {
        private readonly SqliteConnection _connection;
        private readonly FileStream _lock;
        private readonly SqliteStatement _addGridDay;
        private readonly SqliteStatement _addWorkerDay;

        public Writer(SqliteConnection connection, FileStream writerLock)
        {
            _connection = connection;
            _lock = writerLock;
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT position FROM report_projection;";
            Position = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            _addGridDay = new SqliteStatement(connection, $"""
                INSERT INTO report_grid_days (day, grid, {ReportColumns.Figures}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                ON CONFLICT (day, grid) DO UPDATE SET {AddFigures};
                """);
            _addWorkerDay = new SqliteStatement(connection, $"""
                INSERT INTO report_worker_days (day, worker, {ReportColumns.Figures}, grid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT (day, worker) DO UPDATE SET {AddFigures};
                """);
        }

        public long Position { get; private set; }

        public Task<IReadOnlyDictionary<string, CaseFacts>> ReadCasesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {ReportColumns.Case} FROM report_cases WHERE id IN (SELECT value FROM json_each($ids));";
            command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
            return Task.FromResult<IReadOnlyDictionary<string, CaseFacts>>(ReadCases(command).ToDictionary(facts => facts.Id, StringComparer.Ordinal));
        }

        public Task<bool> ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(batch);
            using var transaction = _connection.BeginTransaction();
            using (var move = _connection.CreateCommand())
            {
                move.CommandText = "UPDATE report_projection SET position = $to, as_of = coalesce($asOf, as_of) WHERE position = $from;";
                move.Parameters.AddWithValue("$to", batch.To);
                move.Parameters.AddWithValue("$from", batch.From);
                move.Parameters.AddWithValue("$asOf", Value(batch.AsOf));
                if (move.ExecuteNonQuery() != 1)
                {
                    return Task.FromResult(false);
                }
            }

            AddGridDays(batch);
            AddWorkerDays(batch);
            StoreCases(batch);
            transaction.Commit();
            Position = batch.To;
            return Task.FromResult(true);
        }

        public ValueTask DisposeAsync()
        {
            _addGridDay.Dispose();
            _addWorkerDay.Dispose();
            _connection.Dispose();
            _lock.Dispose();
            return ValueTask.CompletedTask;
        }

        // In the order of the tables' keys (day, then grid or worker), so that the upserts walk each table's B-tree
        // forwards instead of jumping about it.
        private void AddGridDays(ProjectionBatch batch)
        {
            foreach (var ((grid, day), figures) in batch.GridDays.OrderBy(row => row.Key.Day).ThenBy(row => row.Key.Grid, StringComparer.Ordinal))
            {
                Bind(_addGridDay, day, grid, figures);
                _addGridDay.Run();
            }
        }

        private void AddWorkerDays(ProjectionBatch batch)
        {
            foreach (var ((worker, day), (gridId, figures)) in batch.WorkerDays.OrderBy(row => row.Key.Day).ThenBy(row => row.Key.Worker, StringComparer.Ordinal))
            {
                Bind(_addWorkerDay, day, worker, figures);
                _addWorkerDay.Bind(10, gridId);
                _addWorkerDay.Run();
            }
        }

        private void StoreCases(ProjectionBatch batch)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"INSERT OR REPLACE INTO report_cases ({ReportColumns.Case}) VALUES ($id, $grid, $category, $reported, $deadline, $resolved, $closed, $cancelled, $reworked, $extended, $urges);";
            foreach (var facts in batch.Cases.Values)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$id", facts.Id);
                command.Parameters.AddWithValue("$grid", facts.GridId);
                command.Parameters.AddWithValue("$category", facts.Category);
                command.Parameters.AddWithValue("$reported", facts.ReportedAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$deadline", facts.Deadline.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$resolved", Value(facts.ResolvedAt));
                command.Parameters.AddWithValue("$closed", Value(facts.ClosedAt));
                command.Parameters.AddWithValue("$cancelled", Value(facts.CancelledAt));
                command.Parameters.AddWithValue("$reworked", facts.Reworked ? 1 : 0);
                command.Parameters.AddWithValue("$extended", facts.Extended ? 1 : 0);
                command.Parameters.AddWithValue("$urges", facts.Urges);
                command.ExecuteNonQuery();
            }
        }

        /// <summary>Binds the day (?1), the grid or worker (?2) and the seven figures (?3 to ?9).</summary>
        private static void Bind(SqliteStatement statement, DateOnly day, string key, DayFigures figures)
        {
            statement.Bind(1, day.DayNumber);
            statement.Bind(2, key);
            statement.Bind(3, figures.Visits);
            statement.Bind(4, figures.Households);
            statement.Bind(5, figures.Trainings);
            statement.Bind(6, figures.TrainingParticipants);
            statement.Bind(7, figures.Events);
            statement.Bind(8, figures.EventParticipants);
            statement.Bind(9, figures.CasesReported);
        }
    }
}

using Npgsql;
using NpgsqlTypes;
using Storage;

namespace Grains.Reporting;

/// <summary>
/// The projection in PostgreSQL, in tables beside the event log. Any process reads it; the one that holds the session
/// advisory lock <see cref="ProjectorKey"/> on its writer connection writes it, so a cluster has one projector, and
/// when that process dies its lock goes with its connection and another silo's projector takes over.
/// </summary>
public sealed class PostgresReportStore : IReportStore, IAsyncDisposable
{
    // Advisory locks are the database's, not the schema's: each key is mixed with the schema's name, so the projectors
    // of two stores in other schemas of one database (two deployments, or parallel tests) do not exclude each other.
    // The schema's own key is taken for its creation only: a running projector holds its key for its life, so a second
    // process waiting for that one at start would wait for ever.
    private const string ProjectorKey = "(" + ProjectorLockText + " # hashtext(coalesce(current_schema(), ''))::bigint)";

    private const string SchemaKey = "(" + SchemaLockText + " # hashtext(coalesce(current_schema(), ''))::bigint)";

    // 0x5265706F727473 ("Reports"), and the next for the schema.
    private const string ProjectorLockText = "23192481670788211";

    private const string SchemaLockText = "23192481670788212";

    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS report_projection (
            only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
            position bigint NOT NULL,
            as_of bigint
        );
        INSERT INTO report_projection (only_row, position, as_of) VALUES (true, 0, NULL) ON CONFLICT DO NOTHING;
        CREATE TABLE IF NOT EXISTS report_grid_days (
            day integer NOT NULL, grid text NOT NULL,
            visits bigint NOT NULL, households bigint NOT NULL, trainings bigint NOT NULL, training_participants bigint NOT NULL,
            events bigint NOT NULL, event_participants bigint NOT NULL, cases_reported bigint NOT NULL,
            PRIMARY KEY (day, grid)
        );
        CREATE TABLE IF NOT EXISTS report_worker_days (
            day integer NOT NULL, worker text NOT NULL, grid text NOT NULL,
            visits bigint NOT NULL, households bigint NOT NULL, trainings bigint NOT NULL, training_participants bigint NOT NULL,
            events bigint NOT NULL, event_participants bigint NOT NULL, cases_reported bigint NOT NULL,
            PRIMARY KEY (day, worker)
        );
        CREATE TABLE IF NOT EXISTS report_cases (
            id text PRIMARY KEY, grid text NOT NULL, category text NOT NULL,
            reported_at bigint NOT NULL, deadline bigint NOT NULL,
            resolved_at bigint, closed_at bigint, cancelled_at bigint,
            reworked boolean NOT NULL, extended boolean NOT NULL, urges integer NOT NULL
        );
        CREATE INDEX IF NOT EXISTS report_cases_reported ON report_cases (reported_at);
        CREATE INDEX IF NOT EXISTS report_cases_deadline ON report_cases (deadline);
        """;

    private const string SumFigures =
        "sum(visits)::bigint, sum(households)::bigint, sum(trainings)::bigint, sum(training_participants)::bigint, sum(events)::bigint, sum(event_participants)::bigint, sum(cases_reported)::bigint";

    // The worker's grid is the first parameter, the days, keys and figures follow (AddDaysAsync).
    private const string AddWorkerDaysSql = $"""
        INSERT INTO report_worker_days (grid, day, worker, {ReportColumns.Figures})
        SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[])
        ON CONFLICT (day, worker) DO UPDATE SET
            visits = report_worker_days.visits + excluded.visits, households = report_worker_days.households + excluded.households,
            trainings = report_worker_days.trainings + excluded.trainings, training_participants = report_worker_days.training_participants + excluded.training_participants,
            events = report_worker_days.events + excluded.events, event_participants = report_worker_days.event_participants + excluded.event_participants,
            cases_reported = report_worker_days.cases_reported + excluded.cases_reported;
        """;

    private const string AddGridDaysSql = $"""
        INSERT INTO report_grid_days (day, grid, {ReportColumns.Figures})
        SELECT * FROM unnest($1::integer[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
        ON CONFLICT (day, grid) DO UPDATE SET
            visits = report_grid_days.visits + excluded.visits, households = report_grid_days.households + excluded.households,
            trainings = report_grid_days.trainings + excluded.trainings, training_participants = report_grid_days.training_participants + excluded.training_participants,
            events = report_grid_days.events + excluded.events, event_participants = report_grid_days.event_participants + excluded.event_participants,
            cases_reported = report_grid_days.cases_reported + excluded.cases_reported;
        """;

    private readonly NpgsqlDataSource _source;

    /// <summary>Opens the projection on <paramref name="connectionString"/>, creating its tables if missing.</summary>
    public PostgresReportStore(string connectionString)
    {
        _source = PostgresDatabase.CreateDataSource(connectionString);
        using var connection = _source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        // For the transaction only: processes starting together create the tables once.
        using (var create = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaKey}); {CreateSchemaSql}", connection, transaction))
        {
            create.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public async Task<IReportWriter?> TryOpenWriterAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _source.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({ProjectorKey});", connection);
            if (await take.ExecuteScalarAsync(cancellationToken) is not true)
            {
                await connection.DisposeAsync();
                return null;
            }

            await using var position = new NpgsqlCommand("SELECT position FROM report_projection;", connection);
            return new Writer(connection, (long)(await position.ExecuteScalarAsync(cancellationToken))!);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<ProjectionState> ReadStateAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("SELECT position, as_of, (SELECT min(day) FROM report_grid_days) FROM report_projection;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ProjectionState(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.IsDBNull(2) ? null : DateOnly.FromDayNumber(reader.GetInt32(2)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GridTotal>> ReadGridTotalsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken = default)
    {
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var workers = _source.CreateCommand("SELECT grid, count(DISTINCT worker)::int FROM report_worker_days WHERE day BETWEEN $1 AND $2 GROUP BY grid;"))
        {
            workers.Parameters.Add(new() { Value = first.DayNumber });
            workers.Parameters.Add(new() { Value = last.DayNumber });
            await using var reader = await workers.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                active[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        await using var grids = _source.CreateCommand($"SELECT grid, {SumFigures} FROM report_grid_days WHERE day BETWEEN $1 AND $2 GROUP BY grid;");
        grids.Parameters.Add(new() { Value = first.DayNumber });
        grids.Parameters.Add(new() { Value = last.DayNumber });
        var totals = new List<GridTotal>();
        await using (var reader = await grids.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var grid = reader.GetString(0);
                totals.Add(new GridTotal(
                    grid,
                    new DayFigures(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)),
                    active.GetValueOrDefault(grid)));
            }
        }

        return totals;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CaseFacts>> ReadCasesReportedAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand($"SELECT {ReportColumns.Case} FROM report_cases WHERE reported_at >= $1 AND reported_at < $2;");
        command.Parameters.Add(new() { Value = from.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new() { Value = until.ToUnixTimeMilliseconds() });
        return await ReadCasesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CaseFacts>> ReadOverdueAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand($"""
            SELECT {ReportColumns.Case} FROM report_cases
            WHERE deadline < $1 AND reported_at <= $1
              AND (resolved_at IS NULL OR resolved_at > $1) AND (closed_at IS NULL OR closed_at > $1) AND (cancelled_at IS NULL OR cancelled_at > $1)
            ORDER BY deadline, id;
            """);
        command.Parameters.Add(new() { Value = at.ToUnixTimeMilliseconds() });
        return await ReadCasesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static async Task<IReadOnlyList<CaseFacts>> ReadCasesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var cases = new List<CaseFacts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
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
                reader.GetBoolean(8),
                reader.GetBoolean(9),
                reader.GetInt32(10)));
        }

        return cases;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));

    private static long? Millis(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    /// <summary>The projector's connection, which holds the advisory lock as long as it is open.</summary>
    private sealed class Writer(NpgsqlConnection connection, long position) : IReportWriter
    {
        public long Position { get; private set; } = position;

        public async Task<IReadOnlyDictionary<string, CaseFacts>> ReadCasesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
        {
            await using var command = new NpgsqlCommand($"SELECT {ReportColumns.Case} FROM report_cases WHERE id = ANY($1);", connection);
            command.Parameters.Add(new() { Value = ids.ToArray() });
            return (await PostgresReportStore.ReadCasesAsync(command, cancellationToken)).ToDictionary(facts => facts.Id, StringComparer.Ordinal);
        }

        public async Task<bool> ApplyAsync(ProjectionBatch batch, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(batch);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var move = new NpgsqlCommand("UPDATE report_projection SET position = $1, as_of = coalesce($2, as_of) WHERE position = $3;", connection, transaction))
            {
                move.Parameters.Add(new() { Value = batch.To });
                move.Parameters.Add(new() { Value = (object?)Millis(batch.AsOf) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
                move.Parameters.Add(new() { Value = batch.From });
                if (await move.ExecuteNonQueryAsync(cancellationToken) != 1)
                {
                    return false;
                }
            }

            await using (var gridDays = new NpgsqlCommand(AddGridDaysSql, connection, transaction))
            {
                await AddDaysAsync(gridDays, [.. batch.GridDays.Select(row => (row.Key.Day, row.Key.Grid, row.Value))], cancellationToken);
            }

            await using (var workerDays = new NpgsqlCommand(AddWorkerDaysSql, connection, transaction))
            {
                workerDays.Parameters.Add(new() { Value = batch.WorkerDays.Values.Select(row => row.Grid).ToArray() });
                await AddDaysAsync(workerDays, [.. batch.WorkerDays.Select(row => (row.Key.Day, row.Key.Worker, row.Value.Figures))], cancellationToken);
            }

            await StoreCasesAsync(transaction, batch.Cases.Values.ToList(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Position = batch.To;
            return true;
        }

        /// <summary>Lets go of the lock before the connection goes back to the pool, where its session would keep it.</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({ProjectorKey});", connection);
                await unlock.ExecuteNonQueryAsync();
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                // A broken connection has lost its session, and the lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }

        /// <summary>
        /// Adds figures in one statement over arrays (<c>unnest</c>), whatever their number: binds the days, the keys and
        /// the seven figures after the parameters <paramref name="command"/> already has.
        /// </summary>
        private static async Task AddDaysAsync(NpgsqlCommand command, List<(DateOnly Day, string Key, DayFigures Figures)> rows, CancellationToken cancellationToken)
        {
            if (rows.Count == 0)
            {
                return;
            }

            command.Parameters.Add(new() { Value = rows.Select(row => row.Day.DayNumber).ToArray() });
            command.Parameters.Add(new() { Value = rows.Select(row => row.Key).ToArray() });
            foreach (var figure in (Func<DayFigures, long>[])[f => f.Visits, f => f.Households, f => f.Trainings, f => f.TrainingParticipants, f => f.Events, f => f.EventParticipants, f => f.CasesReported])
            {
                command.Parameters.Add(new() { Value = rows.Select(row => figure(row.Figures)).ToArray() });
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        private async Task StoreCasesAsync(NpgsqlTransaction transaction, List<CaseFacts> cases, CancellationToken cancellationToken)
        {
            if (cases.Count == 0)
            {
                return;
            }

            await using var command = new NpgsqlCommand(
                $"""
                INSERT INTO report_cases ({ReportColumns.Case})
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::boolean[], $10::boolean[], $11::integer[])
                ON CONFLICT (id) DO UPDATE SET deadline = excluded.deadline, resolved_at = excluded.resolved_at, closed_at = excluded.closed_at,
                    cancelled_at = excluded.cancelled_at, reworked = excluded.reworked, extended = excluded.extended, urges = excluded.urges;
                """,
                connection,
                transaction);
            command.Parameters.Add(new() { Value = cases.Select(c => c.Id).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => c.GridId).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => c.Category).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => c.ReportedAt.ToUnixTimeMilliseconds()).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => c.Deadline.ToUnixTimeMilliseconds()).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => Millis(c.ResolvedAt)).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => Millis(c.ClosedAt)).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => Millis(c.CancelledAt)).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => c.Reworked).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => c.Extended).ToArray() });
            command.Parameters.Add(new() { Value = cases.Select(c => c.Urges).ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

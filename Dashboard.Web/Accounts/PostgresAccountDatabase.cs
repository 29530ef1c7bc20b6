using System.Data.Common;
using Npgsql;
using Storage;

namespace Dashboard.Web.Accounts;

/// <summary>
/// The accounts in PostgreSQL (issue 11), in the schema of the connection string's search path, for web nodes that
/// share one store. Every write commits with a <c>NOTIFY</c> on <see cref="Channel"/> naming the row it changed, so
/// that each node's <see cref="FollowChangesAsync"/> (one connection that <c>LISTEN</c>s) hears it and its
/// <see cref="AccountStore"/> reads that row again. Notifications are per database, not per schema: each names its
/// schema, and a node hears only its own.
/// </summary>
public sealed partial class PostgresAccountDatabase : AccountDatabase
{
    /// <summary>The notification channel of account changes.</summary>
    public const string Channel = "gridpulse_accounts";

    // Any constant shared by every GridPulse node, apart from the event log's; "Accounts" in ASCII.
    private const long SchemaLock = 0x4163636F_756E7473;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _source;
    private readonly NpgsqlDataSource _listener;
    private readonly string _schema;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresAccountDatabase> _logger;

    /// <summary>Opens the accounts on <paramref name="connectionString"/>, creating the tables if missing.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>--postgres</c>).</param>
    /// <param name="time">The clock of the waits between attempts to listen again.</param>
    /// <param name="logger">Where a lost listening connection is told.</param>
    /// <exception cref="StorageStartupException">The server cannot be reached, does not guarantee durable commits, or refuses the tables.</exception>
    public PostgresAccountDatabase(string connectionString, TimeProvider time, ILogger<PostgresAccountDatabase> logger)
    {
        _time = time;
        _logger = logger;
        try
        {
            _source = PostgresDatabase.CreateDataSource(connectionString);
            using var connection = _source.OpenConnection();
            PostgresDatabase.RequireDurableCommits(connection);
            using (var transaction = connection.BeginTransaction())
            {
                // Nodes that start together would otherwise race to create the same tables.
                using var schema = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLock}); {CreateSchemaSql}", connection, transaction);
                schema.ExecuteNonQuery();
                transaction.Commit();
            }

            using var current = new NpgsqlCommand("SELECT current_schema();", connection);
            _schema = (string)current.ExecuteScalar()!;
            var listener = new NpgsqlDataSourceBuilder(connectionString);
            // The listening connection idles in WaitAsync; keepalives notice a peer that vanished without closing it.
            listener.ConnectionStringBuilder.KeepAlive = 15;
            listener.ConnectionStringBuilder.Pooling = false;
            listener.ConnectionStringBuilder.ApplicationName = ListenerName(_schema);
            _listener = listener.Build();
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException or InvalidCastException or StorageStartupException)
        {
            _listener?.Dispose();
            _source?.Dispose();
            throw new StorageStartupException(
                $"账号库无法打开 The accounts database in PostgreSQL at '{PostgresDatabase.Describe(connectionString)}' " +
                $"(--postgres, ConnectionStrings:{StorageOptions.ConnectionStringName}) cannot be used: {exception.Message}",
                exception);
        }
    }

    /// <summary>
    /// Listens on <see cref="Channel"/> until cancelled. After each (re)connection it applies
    /// <see cref="AccountChange.Everything"/>, since whatever was notified meanwhile is lost; a lost connection is
    /// opened again after a wait that doubles from a quarter of a second up to ten seconds.
    /// </summary>
    public override async Task FollowChangesAsync(Func<AccountChange, CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apply);
        var retry = FirstRetry;
        while (true)
        {
            try
            {
                await using var connection = await _listener.OpenConnectionAsync(cancellationToken);
                var heard = new Queue<AccountChange>();
                connection.Notification += (_, notification) =>
                {
                    if (ChangeOf(notification.Payload) is { } change)
                    {
                        heard.Enqueue(change);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                await apply(AccountChange.Everything, cancellationToken);
                retry = FirstRetry;
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                    while (heard.TryDequeue(out var change))
                    {
                        await apply(change, cancellationToken);
                    }
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Whatever failed (the server, the network, a read of the rows), listening starts over and reads everything.
                LogListeningLost(exception, retry.TotalSeconds);
                await Task.Delay(retry, _time, cancellationToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    /// <inheritdoc />
    protected override async Task<int> WriteAsync(AccountChange change, string sql, params (string Name, object? Value)[] parameters)
    {
        try
        {
            await using var connection = await _source.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var write = new NpgsqlCommand { Connection = connection, Transaction = transaction };
            Prepare(write, sql, parameters);
            var rows = await write.ExecuteNonQueryAsync();

            // Delivered at the commit, to every listening node, this one included.
            await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2);", connection, transaction);
            notify.Parameters.Add(new() { Value = Channel });
            notify.Parameters.Add(new() { Value = PayloadOf(change) });
            await notify.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return rows;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DiskFull)
        {
            throw new StorageFullException("The storage is full: PostgreSQL answered disk_full.", exception);
        }
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<T>> ReadAsync<T>(
        string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var command = _source.CreateCommand();
        Prepare(command, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _listener.Dispose();
        _source.Dispose();
    }

    /// <summary>The <c>application_name</c> of the listening connection on <paramref name="schema"/>, as <c>pg_stat_activity</c> shows it.</summary>
    public static string ListenerName(string schema) => $"GridPulse accounts listener {schema}";

    // "schema|account|id" or "schema|credential|id"; ids hold no '|' (see AccountStore's id rule and CredentialSecrets.NewId).
    private string PayloadOf(AccountChange change) =>
        change.CredentialId is { } credentialId ? $"{_schema}|credential|{credentialId}" : $"{_schema}|account|{change.AccountId}";

    private AccountChange? ChangeOf(string payload)
    {
        var idAt = payload.LastIndexOf('|');
        var kindAt = idAt > 0 ? payload.LastIndexOf('|', idAt - 1) : -1;
        if (kindAt < 0 || payload[..kindAt] != _schema)
        {
            return null;
        }

        var id = payload[(idAt + 1)..];
        return payload[(kindAt + 1)..idAt] switch
        {
            "account" => AccountChange.OfAccount(id),
            "credential" => AccountChange.OfCredential(id),
            _ => null,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "账号变更监听中断 Listening for account changes failed; listening again in {Seconds} s, then reading every account again.")]
    private partial void LogListeningLost(Exception exception, double seconds);
}

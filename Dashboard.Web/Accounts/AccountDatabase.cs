using System.Data.Common;
using Dashboard.Web.Apis;

namespace Dashboard.Web.Accounts;

/// <summary>
/// The SQL of <see cref="IAccountDatabase"/>, which SQLite and PostgreSQL both speak (named <c>@</c> parameters, times
/// as Unix milliseconds); each engine says how it runs a statement and whom it tells of a change.
/// </summary>
public abstract class AccountDatabase : IAccountDatabase
{
    /// <summary>
    /// The tables, created if missing. SQLite reads <c>BIGINT</c> as it read the <c>INTEGER</c> of files made before
    /// PostgreSQL was an option: both are 64-bit integers there, so those files open unchanged.
    /// </summary>
    protected const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS accounts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            unit_id TEXT,
            worker_id TEXT,
            password_hash TEXT,
            created_at BIGINT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS credentials (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (id),
            kind TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            label TEXT,
            created_at BIGINT NOT NULL,
            expires_at BIGINT,
            revoked_at BIGINT,
            used_at BIGINT
        );
        """;

    private const string AccountColumns = "id, name, role, unit_id, worker_id, password_hash, created_at";
    private const string CredentialColumns = "id, account_id, kind, secret_hash, label, created_at, expires_at, revoked_at, used_at";

    /// <inheritdoc />
    public async Task<AccountRows> ReadAllAsync(CancellationToken cancellationToken = default) => new(
        await ReadAsync($"SELECT {AccountColumns} FROM accounts;", ToAccount, cancellationToken),
        [.. (await ReadAsync($"SELECT {CredentialColumns} FROM credentials;", ToCredential, cancellationToken)).OfType<CredentialRow>()]);

    /// <inheritdoc />
    public async Task<AccountRow?> ReadAccountAsync(string accountId, CancellationToken cancellationToken = default) =>
        (await ReadAsync($"SELECT {AccountColumns} FROM accounts WHERE id = @id;", ToAccount, cancellationToken, ("@id", accountId))).SingleOrDefault();

    /// <inheritdoc />
    public Task<CredentialRow?> ReadCredentialAsync(string credentialId, CancellationToken cancellationToken = default) =>
        ReadCredentialWhereAsync("id", credentialId, cancellationToken);

    /// <inheritdoc />
    public Task<CredentialRow?> ReadCredentialOfSecretAsync(string secretHash, CancellationToken cancellationToken = default) =>
        ReadCredentialWhereAsync("secret_hash", secretHash, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> InsertAccountAsync(AccountRow account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await WriteAsync(
            AccountChange.OfAccount(account.Id),
            $"INSERT INTO accounts ({AccountColumns}) VALUES (@id, @name, @role, @unit, @worker, @hash, @at) ON CONFLICT (id) DO NOTHING;",
            ("@id", account.Id), ("@name", account.Name), ("@role", account.Role), ("@unit", account.UnitId), ("@worker", account.WorkerId),
            ("@hash", account.PasswordHash), ("@at", account.CreatedAt.ToUnixTimeMilliseconds())) == 1;
    }

    /// <inheritdoc />
    public Task InsertCredentialAsync(CredentialRow credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var info = credential.Info;
        return WriteAsync(
            AccountChange.OfCredential(info.Id),
            "INSERT INTO credentials (id, account_id, kind, secret_hash, label, created_at, expires_at) VALUES (@id, @account, @kind, @hash, @label, @at, @expires);",
            ("@id", info.Id), ("@account", info.AccountId), ("@kind", ApiJson.NameOf(info.Kind)), ("@hash", credential.SecretHash), ("@label", info.Label),
            ("@at", info.CreatedAt.ToUnixTimeMilliseconds()), ("@expires", info.ExpiresAt?.ToUnixTimeMilliseconds()));
    }

    /// <inheritdoc />
    public async Task<bool> SetPasswordHashAsync(string accountId, string passwordHash) =>
        await WriteAsync(AccountChange.OfAccount(accountId), "UPDATE accounts SET password_hash = @hash WHERE id = @id;", ("@hash", passwordHash), ("@id", accountId)) == 1;

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string credentialId, DateTimeOffset at) =>
        await WriteAsync(
            AccountChange.OfCredential(credentialId),
            "UPDATE credentials SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL;",
            ("@at", at.ToUnixTimeMilliseconds()), ("@id", credentialId)) == 1;

    /// <inheritdoc />
    public async Task<bool> TakeAsync(string credentialId, DateTimeOffset at) =>
        await WriteAsync(
            AccountChange.OfCredential(credentialId),
            "UPDATE credentials SET used_at = @at WHERE id = @id AND used_at IS NULL AND revoked_at IS NULL;",
            ("@at", at.ToUnixTimeMilliseconds()), ("@id", credentialId)) == 1;

    /// <inheritdoc />
    public abstract Task FollowChangesAsync(Func<AccountChange, CancellationToken, Task> apply, CancellationToken cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the engine's connections.</summary>
    protected abstract void Dispose(bool disposing);

    /// <summary>Runs one statement that changes rows, durably, and tells the other nodes of <paramref name="change"/>; returns the rows it changed.</summary>
    protected abstract Task<int> WriteAsync(AccountChange change, string sql, params (string Name, object? Value)[] parameters);

    /// <summary>Runs one query and reads each row with <paramref name="read"/>.</summary>
    protected abstract Task<IReadOnlyList<T>> ReadAsync<T>(
        string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters);

    /// <summary>Sets the statement and its parameters on <paramref name="command"/>; a null value is SQL's NULL.</summary>
    protected static void Prepare(DbCommand command, string sql, (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(parameters);
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }

    private async Task<CredentialRow?> ReadCredentialWhereAsync(string column, string value, CancellationToken cancellationToken) =>
        (await ReadAsync($"SELECT {CredentialColumns} FROM credentials WHERE {column} = @value;", ToCredential, cancellationToken, ("@value", value)))
            .SingleOrDefault();

    private static AccountRow ToAccount(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), NullableString(reader, 3), NullableString(reader, 4),
        NullableString(reader, 5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));

    // A kind this version does not know (written by a newer one) is left out, as if the credential were not there.
    private static CredentialRow? ToCredential(DbDataReader reader)
    {
        if (!ApiJson.TryParse<CredentialKind>(reader.GetString(2), out var kind))
        {
            return null;
        }

        var info = new CredentialInfo(
            reader.GetString(0), reader.GetString(1), kind, NullableString(reader, 4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            NullableTime(reader, 6), NullableTime(reader, 7));
        return new CredentialRow(info, reader.GetString(3), NullableTime(reader, 8));
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}

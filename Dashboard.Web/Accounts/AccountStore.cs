using Silo.Hosting;
using Dashboard.Web.Apis;
using Grains.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Storage;

namespace Dashboard.Web.Accounts;

/// <summary>
/// Accounts and their credentials in the SQLite file <see cref="DatabaseFileName"/> of the data directory. Every
/// account and credential is also held in memory, so that authenticating a request is a dictionary hit and a
/// revocation counts from the moment it is stored. Secrets are stored as SHA-256 hashes, passwords through
/// <see cref="PasswordHasher{TUser}"/>.
/// </summary>
public sealed partial class AccountStore : IDisposable
{
    /// <summary>The database file inside the data directory.</summary>
    public const string DatabaseFileName = "accounts.db";

    /// <summary>The credential id of the configured admin token (<see cref="AccountOptions.AdminToken"/>).</summary>
    public const string AdminTokenCredentialId = "config-admin-token";

    /// <summary>The id of the administrator account created on first run, and the account of the admin token.</summary>
    public const string AdminAccountId = "admin";

    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 8;

    private const int MaxIdLength = 64;
    private const int MaxNameLength = 64;
    private const int MaxLabelLength = 100;

    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS accounts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            unit_id TEXT,
            worker_id TEXT,
            password_hash TEXT,
            created_at INTEGER NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS credentials (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (id),
            kind TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            label TEXT,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER,
            used_at INTEGER
        );
        """;

    // PasswordHasher takes the user for subclasses that salt with it; the default one does not look at it.
    private static readonly Account AnyAccount = new("", "", "", null, null, default, false);
    private static readonly Lazy<string> UnknownAccountHash = new(() => new PasswordHasher<Account>().HashPassword(AnyAccount, "unknown account"));

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly OrganisationTree _organisation;
    private readonly CredentialRevocations _revocations;
    private readonly TimeProvider _time;
    private readonly ILogger<AccountStore> _logger;
    private readonly PasswordHasher<Account> _passwords = new();
    private readonly string? _adminTokenHash;
    private readonly Dictionary<string, StoredAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredCredential> _credentials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredCredential> _bySecretHash = new(StringComparer.Ordinal);

    /// <summary>Opens (creating if missing) the accounts database in the configured data directory.</summary>
    public AccountStore(
        IOptions<StorageOptions> storage,
        IOptions<AccountOptions> options,
        OrganisationTree organisation,
        CredentialRevocations revocations,
        TimeProvider time,
        ILogger<AccountStore> logger)
    {
        _logger = logger;
        _organisation = organisation;
        _revocations = revocations;
        _time = time;
        _adminTokenHash = options.Value.AdminToken is { Length: > 0 } adminToken ? CredentialSecrets.Hash(adminToken) : null;
        DatabasePath = SqliteDatabase.PathIn(storage.Value.DataDirectory, DatabaseFileName);
        _connection = SqliteDatabase.OpenDurable(SqliteDatabase.WriteConnectionString(DatabasePath));
        try
        {
            Execute($"PRAGMA foreign_keys = ON; BEGIN IMMEDIATE; {CreateSchemaSql} COMMIT;");
            Load();
        }
        catch (SqliteException exception)
        {
            _connection.Dispose();
            throw new StorageStartupException($"账号库无法打开 The accounts database '{DatabasePath}' cannot be opened: {exception.Message}", exception);
        }
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Creates an account.</summary>
    /// <exception cref="AccountException">400: a bad id, name, role, password, or a unit or worker that does not fit the role; 409: the id is taken.</exception>
    public Task<Account> CreateAsync(NewAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var (unitId, workerId) = CheckNew(account);
        var now = _time.GetUtcNow();
        var passwordHash = account.Password is null ? null : HashPassword(account.Password);
        var stored = new StoredAccount(account.Id, account.Name.Trim(), account.Role, unitId, workerId, passwordHash, now);
        lock (_gate)
        {
            if (_accounts.ContainsKey(account.Id))
            {
                throw new AccountException(StatusCodes.Status409Conflict, $"账号 {account.Id} 已存在。");
            }

            Execute(
                "INSERT INTO accounts (id, name, role, unit_id, worker_id, password_hash, created_at) VALUES ($id, $name, $role, $unit, $worker, $hash, $at);",
                ("$id", stored.Id), ("$name", stored.Name), ("$role", stored.Role), ("$unit", stored.UnitId), ("$worker", stored.WorkerId),
                ("$hash", stored.PasswordHash), ("$at", stored.CreatedAt.ToUnixTimeMilliseconds()));
            _accounts.Add(stored.Id, stored);
        }

        LogCreated(stored.Id, stored.Role, stored.UnitId);
        return Task.FromResult(stored.ToAccount());
    }

    /// <summary>The account with this id, or null.</summary>
    public Task<Account?> FindAsync(string accountId)
    {
        lock (_gate)
        {
            return Task.FromResult(_accounts.GetValueOrDefault(accountId)?.ToAccount());
        }
    }

    /// <summary>Every account, by id.</summary>
    public Task<IReadOnlyList<Account>> ListAsync()
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Account>>([.. _accounts.Values.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a.ToAccount())]);
        }
    }

    /// <summary>The credentials of an account, newest first, revoked ones included; empty for an unknown account.</summary>
    public Task<IReadOnlyList<CredentialInfo>> CredentialsOfAsync(string accountId)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CredentialInfo>>(
                [.. _credentials.Values.Where(c => c.Info.AccountId == accountId).Select(c => c.Info).OrderByDescending(c => c.CreatedAt)]);
        }
    }

    /// <summary>Issues a credential of <paramref name="kind"/> for an account and returns its secret, the only time it is shown.</summary>
    /// <exception cref="AccountException">404: no such account; 400: a label too long or a display link for an account that is not a display.</exception>
    public Task<IssuedCredential> IssueAsync(string accountId, CredentialKind kind, string? label = null, TimeSpan? lifetime = null)
    {
        if (label is { Length: > MaxLabelLength })
        {
            throw new AccountException(StatusCodes.Status400BadRequest, $"备注不能超过 {MaxLabelLength} 个字符。");
        }

        var secret = CredentialSecrets.New(kind);
        var now = _time.GetUtcNow();
        var info = new CredentialInfo(CredentialSecrets.NewId(), accountId, kind, string.IsNullOrWhiteSpace(label) ? null : label.Trim(), now, now + lifetime, null);
        var stored = new StoredCredential(info, CredentialSecrets.Hash(secret), null);
        lock (_gate)
        {
            var account = _accounts.GetValueOrDefault(accountId)
                ?? throw new AccountException(StatusCodes.Status404NotFound, $"账号 {accountId} 不存在。");
            if (kind == CredentialKind.DisplayLink && account.Role != Roles.Display)
            {
                throw new AccountException(StatusCodes.Status400BadRequest, "只能为大屏（display）账号签发大屏链接。");
            }

            Execute(
                "INSERT INTO credentials (id, account_id, kind, secret_hash, label, created_at, expires_at) VALUES ($id, $account, $kind, $hash, $label, $at, $expires);",
                ("$id", info.Id), ("$account", accountId), ("$kind", ApiJson.NameOf(kind)), ("$hash", stored.SecretHash), ("$label", info.Label),
                ("$at", now.ToUnixTimeMilliseconds()), ("$expires", info.ExpiresAt?.ToUnixTimeMilliseconds()));
            Remember(stored);
        }

        LogIssued(info.Id, kind, accountId);
        return Task.FromResult(new IssuedCredential(info, secret));
    }

    /// <summary>
    /// The account and credential a secret stands for; null when it is unknown, revoked or expired, or a sign-in link
    /// (those are only taken once, by <see cref="ConsumeSignInLinkAsync"/>). The configured admin token authenticates
    /// as <see cref="AdminAccountId"/>.
    /// </summary>
    public Task<(Account Account, CredentialInfo Credential)?> AuthenticateAsync(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = CredentialSecrets.Hash(secret);
        if (_adminTokenHash is not null && CredentialSecrets.HashesEqual(hash, _adminTokenHash))
        {
            return Task.FromResult<(Account, CredentialInfo)?>((AdminTokenAccount(), AdminTokenCredential()));
        }

        lock (_gate)
        {
            if (_bySecretHash.TryGetValue(hash, out var credential)
                && CredentialSecrets.HashesEqual(hash, credential.SecretHash)
                && credential.Info.Kind != CredentialKind.SignInLink
                && IsActive(credential)
                && _accounts.TryGetValue(credential.Info.AccountId, out var account))
            {
                return Task.FromResult<(Account, CredentialInfo)?>((account.ToAccount(), credential.Info));
            }
        }

        return Task.FromResult<(Account, CredentialInfo)?>(null);
    }

    /// <summary>Takes a one-time sign-in link: its account the first time, null ever after (or when unknown, revoked or expired).</summary>
    public Task<Account?> ConsumeSignInLinkAsync(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = CredentialSecrets.Hash(secret);
        lock (_gate)
        {
            if (!_bySecretHash.TryGetValue(hash, out var credential)
                || credential.Info.Kind != CredentialKind.SignInLink
                || !IsActive(credential)
                || !_accounts.TryGetValue(credential.Info.AccountId, out var account))
            {
                return Task.FromResult<Account?>(null);
            }

            var now = _time.GetUtcNow();
            Execute("UPDATE credentials SET used_at = $at WHERE id = $id;", ("$at", now.ToUnixTimeMilliseconds()), ("$id", credential.Info.Id));
            Remember(credential with { UsedAt = now });
            return Task.FromResult<Account?>(account.ToAccount());
        }
    }

    /// <summary>Revokes a credential and tells <see cref="CredentialRevocations"/>; false when there is no such credential.</summary>
    public Task<bool> RevokeAsync(string credentialId)
    {
        lock (_gate)
        {
            if (!_credentials.TryGetValue(credentialId, out var credential))
            {
                return Task.FromResult(false);
            }

            if (credential.Info.RevokedAt is null)
            {
                var now = _time.GetUtcNow();
                Execute("UPDATE credentials SET revoked_at = $at WHERE id = $id;", ("$at", now.ToUnixTimeMilliseconds()), ("$id", credentialId));
                Remember(credential with { Info = credential.Info with { RevokedAt = now } });
            }
        }

        LogRevoked(credentialId);
        _revocations.Announce(credentialId);
        return Task.FromResult(true);
    }

    /// <summary>Whether a credential still authenticates: known, not revoked, not expired, its account there.</summary>
    public Task<bool> IsActiveAsync(string credentialId)
    {
        if (credentialId == AdminTokenCredentialId)
        {
            return Task.FromResult(_adminTokenHash is not null);
        }

        lock (_gate)
        {
            return Task.FromResult(_credentials.TryGetValue(credentialId, out var credential) && IsActive(credential));
        }
    }

    /// <summary>Whether the password is the account's; false for an unknown account or one without a password.</summary>
    public Task<bool> CheckPasswordAsync(string accountId, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        StoredAccount? account;
        lock (_gate)
        {
            account = _accounts.GetValueOrDefault(accountId);
        }

        // An unknown account costs a hash as well, so that the answer's time does not tell which accounts exist.
        var hash = account?.PasswordHash ?? UnknownAccountHash.Value;
        var verdict = _passwords.VerifyHashedPassword(AnyAccount, hash, password);
        return Task.FromResult(account?.PasswordHash is not null && verdict != PasswordVerificationResult.Failed);
    }

    /// <summary>Sets an account's password.</summary>
    /// <exception cref="AccountException">404: no such account; 400: the password is too short or too long.</exception>
    public Task SetPasswordAsync(string accountId, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var hash = HashPassword(password);
        lock (_gate)
        {
            var account = _accounts.GetValueOrDefault(accountId)
                ?? throw new AccountException(StatusCodes.Status404NotFound, $"账号 {accountId} 不存在。");
            Execute("UPDATE accounts SET password_hash = $hash WHERE id = $id;", ("$hash", hash), ("$id", accountId));
            _accounts[accountId] = account with { PasswordHash = hash };
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static Account AdminTokenAccount() => new(AdminAccountId, "管理员", Roles.Admin, null, null, DateTimeOffset.UnixEpoch, HasPassword: false);

    private static CredentialInfo AdminTokenCredential() =>
        new(AdminTokenCredentialId, AdminAccountId, CredentialKind.Token, AccountOptions.AdminTokenVariable, DateTimeOffset.UnixEpoch, null, null);

    private bool IsActive(StoredCredential credential) =>
        credential.Info.RevokedAt is null
        && credential.UsedAt is null
        && (credential.Info.ExpiresAt is not { } expiresAt || expiresAt > _time.GetUtcNow())
        && _accounts.ContainsKey(credential.Info.AccountId);

    private string HashPassword(string password)
    {
        if (password.Length < MinPasswordLength || password.Length > 200)
        {
            throw new AccountException(StatusCodes.Status400BadRequest, $"密码长度须为 {MinPasswordLength} 到 200 个字符。");
        }

        return _passwords.HashPassword(AnyAccount, password);
    }

    private (string? UnitId, string? WorkerId) CheckNew(NewAccount account)
    {
        if (account.Id is not { Length: > 0 and <= MaxIdLength } || !account.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw Bad($"账号 id 须为 1 到 {MaxIdLength} 个字母、数字、-、_ 或 .。");
        }

        if (string.IsNullOrWhiteSpace(account.Name) || account.Name.Length > MaxNameLength)
        {
            throw Bad($"名称不能为空，且不超过 {MaxNameLength} 个字符。");
        }

        switch (account.Role)
        {
            case Roles.Admin:
                return account.UnitId is null && account.WorkerId is null ? (null, null) : throw Bad("管理员账号不属于单位或网格员。");
            case Roles.Leader or Roles.Display:
                if (account.WorkerId is not null)
                {
                    throw Bad("只有网格员账号可以指定网格员。");
                }

                return account.UnitId is { } unitId && _organisation.FindUnit(unitId) is not null
                    ? (unitId, null)
                    : throw Bad($"{account.Role} 账号须指定一个存在的单位（unitId）。");
            case Roles.Worker:
                var worker = account.WorkerId is { } workerId ? _organisation.FindWorker(workerId) : null;
                if (worker is null)
                {
                    throw Bad("网格员账号须指定一个存在的网格员（workerId）。");
                }

                return account.UnitId is null || account.UnitId == worker.GridId
                    ? (worker.GridId, worker.Id)
                    : throw Bad($"网格员 {worker.Id} 属于网格 {worker.GridId}，不属于 {account.UnitId}。");
            default:
                throw Bad($"角色须为 {string.Join("、", Roles.All)} 之一。");
        }
    }

    private static AccountException Bad(string message) => new(StatusCodes.Status400BadRequest, message);

    private void Remember(StoredCredential credential)
    {
        _credentials[credential.Info.Id] = credential;
        _bySecretHash[credential.SecretHash] = credential;
    }

    private void Load()
    {
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT id, name, role, unit_id, worker_id, password_hash, created_at FROM accounts;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var account = new StoredAccount(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), NullableString(reader, 3), NullableString(reader, 4),
                    NullableString(reader, 5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
                _accounts.Add(account.Id, account);
            }
        }

        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT id, account_id, kind, secret_hash, label, created_at, expires_at, revoked_at, used_at FROM credentials;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!ApiJson.TryParse<CredentialKind>(reader.GetString(2), out var kind))
                {
                    continue;
                }

                var info = new CredentialInfo(
                    reader.GetString(0), reader.GetString(1), kind, NullableString(reader, 4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    NullableTime(reader, 6), NullableTime(reader, 7));
                Remember(new StoredCredential(info, reader.GetString(3), NullableTime(reader, 8)));
            }
        }
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "账号已创建 Account {AccountId} created: role {Role}, unit {UnitId}.")]
    private partial void LogCreated(string accountId, string role, string? unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "凭据已签发 Credential {CredentialId} ({Kind}) issued to {AccountId}.")]
    private partial void LogIssued(string credentialId, CredentialKind kind, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "凭据已撤销 Credential {CredentialId} revoked.")]
    private partial void LogRevoked(string credentialId);

    private sealed record StoredAccount(string Id, string Name, string Role, string? UnitId, string? WorkerId, string? PasswordHash, DateTimeOffset CreatedAt)
    {
        public Account ToAccount() => new(Id, Name, Role, UnitId, WorkerId, CreatedAt, PasswordHash is not null);
    }

    private sealed record StoredCredential(CredentialInfo Info, string SecretHash, DateTimeOffset? UsedAt);
}

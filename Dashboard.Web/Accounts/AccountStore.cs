using Silo.Hosting;
using Dashboard.Web.Apis;
using Grains.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Accounts;

/// <summary>
/// Accounts and their credentials, kept by an <see cref="IAccountDatabase"/> (SQLite in the data directory, or
/// PostgreSQL shared by several web nodes). Every account and credential is also held in memory, so that
/// authenticating a request is a dictionary hit and a revocation counts from the moment it is stored; a secret, id or
/// account this node has not seen yet (made on another node a moment ago) is read from the database on the miss, and
/// what other nodes change arrives through <see cref="ApplyAsync"/>. Secrets are stored as SHA-256 hashes, passwords
/// through <see cref="PasswordHasher{TUser}"/>.
/// </summary>
public sealed partial class AccountStore
{
    /// <summary>The credential id of the configured admin token (<see cref="AccountOptions.AdminToken"/>).</summary>
    public const string AdminTokenCredentialId = "config-admin-token";

    /// <summary>The id of the administrator account created on first run, and the account of the admin token.</summary>
    public const string AdminAccountId = "admin";

    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 8;

    private const int MaxIdLength = 64;
    private const int MaxNameLength = 64;
    private const int MaxLabelLength = 100;

    // PasswordHasher takes the user for subclasses that salt with it; the default one does not look at it.
    private static readonly Account AnyAccount = new("", "", "", null, null, default, false);
    private static readonly Lazy<string> UnknownAccountHash = new(() => new PasswordHasher<Account>().HashPassword(AnyAccount, "unknown account"));

    private readonly Lock _gate = new();
    private readonly IAccountDatabase _database;
    private readonly OrganisationTree _organisation;
    private readonly CredentialRevocations _revocations;
    private readonly TimeProvider _time;
    private readonly ILogger<AccountStore> _logger;
    private readonly PasswordHasher<Account> _passwords = new();
    private readonly string? _adminTokenHash;
    private readonly Dictionary<string, AccountRow> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CredentialRow> _credentials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CredentialRow> _bySecretHash = new(StringComparer.Ordinal);

    /// <summary>Loads every account and credential of <paramref name="database"/>.</summary>
    public AccountStore(
        IAccountDatabase database,
        IOptions<AccountOptions> options,
        OrganisationTree organisation,
        CredentialRevocations revocations,
        TimeProvider time,
        ILogger<AccountStore> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _logger = logger;
        _organisation = organisation;
        _revocations = revocations;
        _time = time;
        _adminTokenHash = options.Value.AdminToken is { Length: > 0 } adminToken ? CredentialSecrets.Hash(adminToken) : null;

        // Services are constructed synchronously; this is the one wait, at start-up, before any request.
        Remember(database.ReadAllAsync().GetAwaiter().GetResult());
    }

    /// <summary>Creates an account.</summary>
    /// <exception cref="AccountException">400: a bad id, name, role, password, or a unit or worker that does not fit the role; 409: the id is taken.</exception>
    public async Task<Account> CreateAsync(NewAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var (unitId, workerId) = CheckNew(account);
        var passwordHash = account.Password is null ? null : HashPassword(account.Password);
        var row = new AccountRow(account.Id, account.Name.Trim(), account.Role, unitId, workerId, passwordHash, _time.GetUtcNow());
        if (!await _database.InsertAccountAsync(row))
        {
            throw new AccountException(StatusCodes.Status409Conflict, $"账号 {account.Id} 已存在。");
        }

        Remember(row);
        LogCreated(row.Id, row.Role, row.UnitId);
        return row.ToAccount();
    }

    /// <summary>The account with this id, or null.</summary>
    public async Task<Account?> FindAsync(string accountId) => (await AccountRowAsync(accountId))?.ToAccount();

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
    public async Task<IssuedCredential> IssueAsync(string accountId, CredentialKind kind, string? label = null, TimeSpan? lifetime = null)
    {
        if (label is { Length: > MaxLabelLength })
        {
            throw new AccountException(StatusCodes.Status400BadRequest, $"备注不能超过 {MaxLabelLength} 个字符。");
        }

        var account = await AccountRowAsync(accountId)
            ?? throw new AccountException(StatusCodes.Status404NotFound, $"账号 {accountId} 不存在。");
        if (kind == CredentialKind.DisplayLink && account.Role != Roles.Display)
        {
            throw new AccountException(StatusCodes.Status400BadRequest, "只能为大屏（display）账号签发大屏链接。");
        }

        var secret = CredentialSecrets.New(kind);
        var now = _time.GetUtcNow();
        var info = new CredentialInfo(CredentialSecrets.NewId(), accountId, kind, string.IsNullOrWhiteSpace(label) ? null : label.Trim(), now, now + lifetime, null);
        var row = new CredentialRow(info, CredentialSecrets.Hash(secret), null);
        await _database.InsertCredentialAsync(row);
        Remember(row);
        LogIssued(info.Id, kind, accountId);
        return new IssuedCredential(info, secret);
    }

    /// <summary>
    /// The account and credential a secret stands for; null when it is unknown, revoked or expired, or a sign-in link
    /// (those are only taken once, by <see cref="ConsumeSignInLinkAsync"/>). The configured admin token authenticates
    /// as <see cref="AdminAccountId"/>.
    /// </summary>
    public async Task<(Account Account, CredentialInfo Credential)?> AuthenticateAsync(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = CredentialSecrets.Hash(secret);
        if (_adminTokenHash is not null && CredentialSecrets.HashesEqual(hash, _adminTokenHash))
        {
            return (AdminTokenAccount(), AdminTokenCredential());
        }

        return await ActiveOfSecretAsync(hash) is { } found && found.Credential.Info.Kind != CredentialKind.SignInLink
            ? (found.Account.ToAccount(), found.Credential.Info)
            : null;
    }

    /// <summary>
    /// Takes a one-time sign-in link: its account the first time, null ever after (or when unknown, revoked or expired).
    /// The database decides which taker is first, also between nodes that take it at the same moment.
    /// </summary>
    public async Task<Account?> ConsumeSignInLinkAsync(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (await ActiveOfSecretAsync(CredentialSecrets.Hash(secret)) is not { } found || found.Credential.Info.Kind != CredentialKind.SignInLink)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (!await _database.TakeAsync(found.Credential.Info.Id, now))
        {
            // Taken or revoked meanwhile, maybe on another node: learn which.
            await ReadCredentialAgainAsync(found.Credential.Info.Id);
            return null;
        }

        Remember(found.Credential with { UsedAt = now });
        return found.Account.ToAccount();
    }

    /// <summary>
    /// Revokes a credential; false when there is no such credential. The revocation is told to
    /// <see cref="CredentialRevocations"/> once, here or on any node, when that node learns of it.
    /// </summary>
    public async Task<bool> RevokeAsync(string credentialId)
    {
        if (await CredentialRowAsync(credentialId) is not { } credential)
        {
            return false;
        }

        if (credential.Info.RevokedAt is null)
        {
            var now = _time.GetUtcNow();
            if (await _database.RevokeAsync(credentialId, now))
            {
                Remember(credential with { Info = credential.Info with { RevokedAt = now } });
            }
            else
            {
                // Another node revoked it first: keep its time.
                await ReadCredentialAgainAsync(credentialId);
            }
        }

        return true;
    }

    /// <summary>Whether a credential still authenticates: known, not revoked, not expired, its account there.</summary>
    public async Task<bool> IsActiveAsync(string credentialId)
    {
        if (credentialId == AdminTokenCredentialId)
        {
            return _adminTokenHash is not null;
        }

        return await CredentialRowAsync(credentialId) is { } credential && IsActive(credential) && await AccountRowAsync(credential.Info.AccountId) is not null;
    }

    /// <summary>Whether the password is the account's; false for an unknown account or one without a password.</summary>
    public async Task<bool> CheckPasswordAsync(string accountId, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var account = await AccountRowAsync(accountId);

        // An unknown account costs a hash as well, so that the answer's time does not tell which accounts exist.
        var hash = account?.PasswordHash ?? UnknownAccountHash.Value;
        var verdict = _passwords.VerifyHashedPassword(AnyAccount, hash, password);
        return account?.PasswordHash is not null && verdict != PasswordVerificationResult.Failed;
    }

    /// <summary>Sets an account's password.</summary>
    /// <exception cref="AccountException">404: no such account; 400: the password is too short or too long.</exception>
    public async Task SetPasswordAsync(string accountId, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var hash = HashPassword(password);
        if (!await _database.SetPasswordHashAsync(accountId, hash))
        {
            throw new AccountException(StatusCodes.Status404NotFound, $"账号 {accountId} 不存在。");
        }

        await ReadAccountAgainAsync(accountId);
    }

    /// <summary>
    /// Reads again what another node changed (or everything, when changes may have been missed); a credential found
    /// revoked that this node held active is announced to <see cref="CredentialRevocations"/>, so that its live
    /// connections here close too.
    /// </summary>
    public async Task ApplyAsync(AccountChange change, CancellationToken cancellationToken = default)
    {
        if (change.CredentialId is { } credentialId)
        {
            await ReadCredentialAgainAsync(credentialId, cancellationToken);
        }
        else if (change.AccountId is { } accountId)
        {
            await ReadAccountAgainAsync(accountId, cancellationToken);
        }
        else
        {
            Remember(await _database.ReadAllAsync(cancellationToken));
        }
    }

    private static Account AdminTokenAccount() => new(AdminAccountId, "管理员", Roles.Admin, null, null, DateTimeOffset.UnixEpoch, HasPassword: false);

    private static CredentialInfo AdminTokenCredential() =>
        new(AdminTokenCredentialId, AdminAccountId, CredentialKind.Token, AccountOptions.AdminTokenVariable, DateTimeOffset.UnixEpoch, null, null);

    private bool IsActive(CredentialRow credential) =>
        credential.Info.RevokedAt is null
        && credential.UsedAt is null
        && (credential.Info.ExpiresAt is not { } expiresAt || expiresAt > _time.GetUtcNow());

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

    /// <summary>The account, from memory or else from the database (created on another node a moment ago).</summary>
    private async Task<AccountRow?> AccountRowAsync(string accountId)
    {
        lock (_gate)
        {
            if (_accounts.TryGetValue(accountId, out var account))
            {
                return account;
            }
        }

        return await ReadAccountAgainAsync(accountId);
    }

    /// <summary>The credential, from memory or else from the database (issued on another node a moment ago).</summary>
    private async Task<CredentialRow?> CredentialRowAsync(string credentialId)
    {
        lock (_gate)
        {
            if (_credentials.TryGetValue(credentialId, out var credential))
            {
                return credential;
            }
        }

        return await ReadCredentialAgainAsync(credentialId);
    }

    /// <summary>The active credential of a secret's hash with its account, from memory or else from the database; null when there is none.</summary>
    private async Task<(CredentialRow Credential, AccountRow Account)?> ActiveOfSecretAsync(string hash)
    {
        CredentialRow? credential;
        lock (_gate)
        {
            credential = _bySecretHash.GetValueOrDefault(hash);
        }

        if (credential is null && await _database.ReadCredentialOfSecretAsync(hash) is { } read)
        {
            credential = Remember(read);
        }

        return credential is not null
            && CredentialSecrets.HashesEqual(hash, credential.SecretHash)
            && IsActive(credential)
            && await AccountRowAsync(credential.Info.AccountId) is { } account
            ? (credential, account)
            : null;
    }

    private async Task<AccountRow?> ReadAccountAgainAsync(string accountId, CancellationToken cancellationToken = default) =>
        await _database.ReadAccountAsync(accountId, cancellationToken) is { } account ? Remember(account) : null;

    private async Task<CredentialRow?> ReadCredentialAgainAsync(string credentialId, CancellationToken cancellationToken = default) =>
        await _database.ReadCredentialAsync(credentialId, cancellationToken) is { } credential ? Remember(credential) : null;

    private void Remember(AccountRows rows)
    {
        foreach (var account in rows.Accounts)
        {
            Remember(account);
        }

        foreach (var credential in rows.Credentials)
        {
            Remember(credential);
        }
    }

    private AccountRow Remember(AccountRow account)
    {
        lock (_gate)
        {
            _accounts[account.Id] = account;
        }

        return account;
    }

    /// <summary>
    /// Holds a credential's row, read or written. Revocation and use are set once and never undone, so a row read
    /// before them (and applied after) cannot undo them here; a revocation this node learns of is announced.
    /// </summary>
    private CredentialRow Remember(CredentialRow credential)
    {
        CredentialRow? before;
        lock (_gate)
        {
            before = _credentials.GetValueOrDefault(credential.Info.Id);
            credential = credential with
            {
                Info = credential.Info with { RevokedAt = credential.Info.RevokedAt ?? before?.Info.RevokedAt },
                UsedAt = credential.UsedAt ?? before?.UsedAt,
            };
            _credentials[credential.Info.Id] = credential;
            _bySecretHash[credential.SecretHash] = credential;
        }

        if (before is { Info.RevokedAt: null } && credential.Info.RevokedAt is not null)
        {
            LogRevoked(credential.Info.Id);
            _revocations.Announce(credential.Info.Id);
        }

        return credential;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "账号已创建 Account {AccountId} created: role {Role}, unit {UnitId}.")]
    private partial void LogCreated(string accountId, string role, string? unitId);

    [LoggerMessage(Level = LogLevel.Information, Message = "凭据已签发 Credential {CredentialId} ({Kind}) issued to {AccountId}.")]
    private partial void LogIssued(string credentialId, CredentialKind kind, string accountId);

    [LoggerMessage(Level = LogLevel.Information, Message = "凭据已撤销 Credential {CredentialId} revoked.")]
    private partial void LogRevoked(string credentialId);

}

namespace Dashboard.Web.Accounts;

/// <summary>An account as stored, with its password hash; <see cref="ToAccount"/> is what leaves the store.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Role">One of <see cref="Roles"/>.</param>
/// <param name="UnitId">The scope unit, null for an administrator.</param>
/// <param name="WorkerId">The worker of a worker account.</param>
/// <param name="PasswordHash">The <c>PasswordHasher</c> hash, null without a password.</param>
/// <param name="CreatedAt">When the account was created.</param>
public sealed record AccountRow(string Id, string Name, string Role, string? UnitId, string? WorkerId, string? PasswordHash, DateTimeOffset CreatedAt)
{
    /// <summary>The account without its password hash.</summary>
    public Account ToAccount() => new(Id, Name, Role, UnitId, WorkerId, CreatedAt, PasswordHash is not null);
}

/// <summary>A credential as stored: its SHA-256 secret hash, and when a sign-in link was taken.</summary>
/// <param name="Info">The credential as the API shows it.</param>
/// <param name="SecretHash">The SHA-256 of its secret (<see cref="CredentialSecrets.Hash"/>).</param>
/// <param name="UsedAt">When a sign-in link was taken; null while it is not (and for every other kind).</param>
public sealed record CredentialRow(CredentialInfo Info, string SecretHash, DateTimeOffset? UsedAt);

/// <summary>Every stored account and credential.</summary>
/// <param name="Accounts">The accounts.</param>
/// <param name="Credentials">The credentials, revoked and used ones included.</param>
public sealed record AccountRows(IReadOnlyList<AccountRow> Accounts, IReadOnlyList<CredentialRow> Credentials);

/// <summary>What a node changed, as another node hears it: one account, one credential, or (when notifications may have been missed) anything.</summary>
/// <param name="AccountId">The account whose row changed.</param>
/// <param name="CredentialId">The credential whose row changed.</param>
public readonly record struct AccountChange(string? AccountId, string? CredentialId)
{
    /// <summary>Anything may have changed: read every row again.</summary>
    public static AccountChange Everything => default;

    /// <summary>The row of one account changed.</summary>
    public static AccountChange OfAccount(string accountId) => new(accountId, null);

    /// <summary>The row of one credential changed.</summary>
    public static AccountChange OfCredential(string credentialId) => new(null, credentialId);
}

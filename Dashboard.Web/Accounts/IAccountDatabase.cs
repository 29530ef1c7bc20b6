namespace Dashboard.Web.Accounts;

/// <summary>
/// Where <see cref="AccountStore"/> keeps accounts and credentials: rows in and out, nothing decided here (the store
/// validates, hashes, caches and applies the rules). A write's task completes once the row is durable. Rows are never
/// deleted, and a credential's revocation and use are set once. On a store that several web nodes share,
/// <see cref="FollowChangesAsync"/> tells this node what the others changed.
/// </summary>
public interface IAccountDatabase : IDisposable
{
    /// <summary>Every account and credential.</summary>
    Task<AccountRows> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The account <paramref name="accountId"/>, or null.</summary>
    Task<AccountRow?> ReadAccountAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>The credential <paramref name="credentialId"/>, or null.</summary>
    Task<CredentialRow?> ReadCredentialAsync(string credentialId, CancellationToken cancellationToken = default);

    /// <summary>The credential whose secret has the hash <paramref name="secretHash"/>, or null.</summary>
    Task<CredentialRow?> ReadCredentialOfSecretAsync(string secretHash, CancellationToken cancellationToken = default);

    /// <summary>Stores a new account; false when its id is taken.</summary>
    Task<bool> InsertAccountAsync(AccountRow account);

    /// <summary>Stores a new credential of an existing account.</summary>
    Task InsertCredentialAsync(CredentialRow credential);

    /// <summary>Replaces an account's password hash; false when there is no such account.</summary>
    Task<bool> SetPasswordHashAsync(string accountId, string passwordHash);

    /// <summary>Marks a credential revoked at <paramref name="at"/>; false when there is no such credential or it was revoked already.</summary>
    Task<bool> RevokeAsync(string credentialId, DateTimeOffset at);

    /// <summary>
    /// Marks a credential used at <paramref name="at"/> unless it was used or revoked: true for exactly one of any number
    /// of callers, on any number of nodes, so that a one-time sign-in link is taken once.
    /// </summary>
    Task<bool> TakeAsync(string credentialId, DateTimeOffset at);

    /// <summary>
    /// Until cancelled, calls <paramref name="apply"/> with each change that any node (this one included) stores, and
    /// with <see cref="AccountChange.Everything"/> whenever changes may have been missed; completes at once on a store
    /// that no other node shares.
    /// </summary>
    Task FollowChangesAsync(Func<AccountChange, CancellationToken, Task> apply, CancellationToken cancellationToken);
}

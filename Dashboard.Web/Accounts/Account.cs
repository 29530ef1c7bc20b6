namespace Dashboard.Web.Accounts;

/// <summary>An account as the API shows it; the password hash never leaves the store.</summary>
/// <param name="Id">1 to 64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</param>
/// <param name="Name">The display name.</param>
/// <param name="Role">One of <see cref="Roles"/>.</param>
/// <param name="UnitId">The scope unit: a leader's or display's unit, a worker's grid; null for an administrator.</param>
/// <param name="WorkerId">The worker of a worker account; null otherwise.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="HasPassword">Whether the account can sign in with a password.</param>
public sealed record Account(string Id, string Name, string Role, string? UnitId, string? WorkerId, DateTimeOffset CreatedAt, bool HasPassword);

/// <summary>An account to create; <see cref="AccountStore.CreateAsync"/> checks that unit and worker fit the role.</summary>
/// <param name="Id">The account id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Role">One of <see cref="Roles"/>.</param>
/// <param name="UnitId">Required for leaders and displays; a worker's grid, taken from the worker when absent.</param>
/// <param name="WorkerId">Required for workers, absent otherwise.</param>
/// <param name="Password">An optional password of at least <see cref="AccountStore.MinPasswordLength"/> characters.</param>
public sealed record NewAccount(string Id, string Name, string Role, string? UnitId, string? WorkerId, string? Password);

/// <summary>A refused account operation: a 400 (bad input) or 409 (duplicate) with a Chinese message.</summary>
public sealed class AccountException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status the refusal answers with.</summary>
    public int Status { get; } = status;
}

using System.Security.Claims;

namespace Dashboard.Web.Accounts;

/// <summary>Builds the principal of an account authenticated by a credential, with the claims of <see cref="GridPulseClaims"/>.</summary>
public static class AccountPrincipal
{
    /// <summary>The principal of <paramref name="account"/> authenticated by <paramref name="credentialId"/> through <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal Create(Account account, string credentialId, string scheme)
    {
        ArgumentNullException.ThrowIfNull(account);
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, account.Id),
            new(ClaimTypes.Name, account.Name),
            new(ClaimTypes.Role, account.Role),
            new(GridPulseClaims.Credential, credentialId),
        ];
        if (account.UnitId is { } unitId)
        {
            claims.Add(new(GridPulseClaims.Unit, unitId));
        }

        if (account.WorkerId is { } workerId)
        {
            claims.Add(new(GridPulseClaims.Worker, workerId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}

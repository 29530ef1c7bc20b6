namespace Dashboard.Web.Accounts;

/// <summary>What a credential is for.</summary>
public enum CredentialKind
{
    /// <summary>A bearer token (<c>gpt_...</c>) for phones and API clients.</summary>
    Token,

    /// <summary>A wall's display link (<c>/display/gpd_...</c>), turned into a long-lived cookie.</summary>
    DisplayLink,

    /// <summary>A one-time sign-in link (<c>/signin/link/gpl_...</c>).</summary>
    SignInLink,

    /// <summary>A browser session after a sign-in, so that it can be revoked; its secret is never shown.</summary>
    Session,
}

/// <summary>A credential as the API shows it, without its secret (only its hash is stored).</summary>
/// <param name="Id">The credential id, used to revoke it.</param>
/// <param name="AccountId">The account it authenticates.</param>
/// <param name="Kind">What it is for.</param>
/// <param name="Label">A note of the administrator's, such as the phone or wall it went to.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working; null for never.</param>
/// <param name="RevokedAt">When it was revoked; null while it is not.</param>
public sealed record CredentialInfo(
    string Id, string AccountId, CredentialKind Kind, string? Label, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>A credential just issued, with its secret: the only moment the secret exists outside its holder.</summary>
/// <param name="Credential">The credential.</param>
/// <param name="Secret">The secret, shown once.</param>
public sealed record IssuedCredential(CredentialInfo Credential, string Secret);

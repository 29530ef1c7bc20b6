namespace Dashboard.Web.Accounts;

/// <summary>Tells who holds live connections that a credential was just revoked, synchronously, so they close at once.</summary>
public sealed class CredentialRevocations
{
    /// <summary>Raised with the id of each revoked credential, after the revocation is stored.</summary>
    public event EventHandler<string>? Revoked;

    /// <summary>Announces a revoked credential.</summary>
    public void Announce(string credentialId) => Revoked?.Invoke(this, credentialId);
}

namespace Dashboard.Web.Accounts;

/// <summary>Account settings of section <c>GridPulse</c>.</summary>
public sealed class AccountOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "GridPulse";

    /// <summary>The environment variable mapped onto <see cref="AdminToken"/> when the key is not set otherwise.</summary>
    public const string AdminTokenVariable = "GRIDPULSE_ADMIN_TOKEN";

    /// <summary>The configuration key of <see cref="AdminToken"/>.</summary>
    public const string AdminTokenKey = SectionName + ":AdminToken";

    /// <summary>The shortest admin token accepted.</summary>
    public const int MinAdminTokenLength = 16;

    /// <summary>
    /// A bearer token that authenticates as the administrator (account <c>admin</c>, credential
    /// <see cref="AccountStore.AdminTokenCredentialId"/>), for automation; at least <see cref="MinAdminTokenLength"/>
    /// characters. Default none.
    /// </summary>
    public string? AdminToken { get; set; }
}

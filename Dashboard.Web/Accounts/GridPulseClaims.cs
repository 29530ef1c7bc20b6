namespace Dashboard.Web.Accounts;

/// <summary>
/// The claim types GridPulse adds to every authenticated principal, beside <c>NameIdentifier</c> (account id),
/// <c>Name</c> (display name) and <c>Role</c>.
/// </summary>
public static class GridPulseClaims
{
    /// <summary>The scope unit: a leader's or display's unit, a worker's grid; absent for an administrator.</summary>
    public const string Unit = "gridpulse:unit";

    /// <summary>The worker id of a worker account.</summary>
    public const string Worker = "gridpulse:worker";

    /// <summary>The id of the credential (token, display link, session) that authenticated the principal.</summary>
    public const string Credential = "gridpulse:credential";
}

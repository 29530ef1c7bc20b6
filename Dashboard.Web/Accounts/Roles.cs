namespace Dashboard.Web.Accounts;

/// <summary>The roles of accounts (spec 1), as the role claim carries them.</summary>
public static class Roles
{
    /// <summary>Manages accounts, sees and writes everything.</summary>
    public const string Admin = "admin";

    /// <summary>Reads within their unit's subtree and acts on its cases.</summary>
    public const string Leader = "leader";

    /// <summary>A grid worker: reads their grid, writes for their grid and themselves.</summary>
    public const string Worker = "worker";

    /// <summary>A wall display: reads numbers within its unit's subtree, no personal data.</summary>
    public const string Display = "display";

    /// <summary>Every role, in the order pages list them.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Leader, Worker, Display];
}

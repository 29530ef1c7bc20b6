namespace Dashboard.Web.Security;

/// <summary>Settings of the browser-facing protections, section <c>Security</c> of the configuration.</summary>
public sealed class SecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Security";

    /// <summary>
    /// Origins besides the server's own (such as <c>https://wall.example.cn</c>) whose pages may connect to the hub.
    /// Default: none, so only pages served by GridPulse itself (and clients that send no <c>Origin</c>) connect.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; set; } = [];
}

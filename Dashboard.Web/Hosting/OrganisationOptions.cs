namespace Dashboard.Web.Hosting;

/// <summary>Where the organisation comes from: section <c>Organisation</c>, and the top-level <c>Demo</c> flag.</summary>
public sealed class OrganisationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Organisation";

    /// <summary>The configuration key of the demo flag (<c>--demo</c>). Default false.</summary>
    public const string DemoKey = "Demo";

    /// <summary>The organisation file (<c>--org FILE</c>). Default none: then <c>--demo</c> is required.</summary>
    public string? File { get; set; }
}

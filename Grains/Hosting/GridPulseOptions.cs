namespace Grains.Hosting;

/// <summary>Domain settings, section <c>GridPulse</c> of the configuration.</summary>
public sealed class GridPulseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "GridPulse";

    /// <summary>The local time zone of days and hours (IANA id). Default <c>Asia/Shanghai</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

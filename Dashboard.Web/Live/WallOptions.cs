using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Live;

/// <summary>Settings of wall operations (issue 13, section 3), section <c>Walls</c> of the configuration.</summary>
public sealed class WallOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Walls";

    /// <summary>How often a wall sends its heartbeat: every 10 seconds (the wall's own timer; documented here).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After how many seconds without a heartbeat a connected wall counts as silent (失联). Default 20 (two missed
    /// heartbeats); 11 to 3600.
    /// </summary>
    [Range(11, 3600, ErrorMessage = "大屏失联时限（Walls:SilentAfterSeconds）必须在 11 到 3600 秒之间。 Walls:SilentAfterSeconds must be 11 to 3600.")]
    public int SilentAfterSeconds { get; set; } = 20;

    /// <summary><see cref="SilentAfterSeconds"/> as a time span.</summary>
    public TimeSpan SilentAfter => TimeSpan.FromSeconds(SilentAfterSeconds);
}

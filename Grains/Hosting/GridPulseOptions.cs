namespace Grains.Hosting;

/// <summary>Domain settings, section <c>GridPulse</c> of the configuration.</summary>
public sealed class GridPulseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "GridPulse";

    /// <summary>The local time zone of days and hours (IANA id). Default <c>Asia/Shanghai</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>
    /// A grid writes a snapshot of what it holds to the log once it has counted this many reports since its last one,
    /// and when it is deactivated with an eighth as many; an activating grid reads its latest snapshot and only the
    /// entries after it. Default 256.
    /// </summary>
    public int SnapshotEvery { get; set; } = 256;

    /// <summary>
    /// Reports answered but not yet counted by their grids beyond which a writer waits for its own reports to be
    /// counted (<see cref="Ingestion.ReportHandOver"/>): the grains set the pace, and memory stays bounded. Default
    /// 100,000.
    /// </summary>
    public int HandOverBacklog { get; set; } = 100_000;
}

namespace Grains.Hosting;

/// <summary>
/// When a unit's reports surge (上报激增, issue 12 section 4), section <c>Surge</c> of the configuration: in the current
/// local hour it has at least <see cref="MinimumCount"/> reports and more than <see cref="Multiple"/> times the average
/// of the same hour over the 28 days before today.
/// </summary>
public sealed class SurgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Surge";

    /// <summary>How many times the four weeks' average of the hour the reports must exceed; at least 1. Default 3.</summary>
    public double Multiple { get; set; } = 3;

    /// <summary>The fewest reports in the hour that count as a surge, whatever the average; at least 1. Default 10.</summary>
    public int MinimumCount { get; set; } = 10;

    /// <summary>Whether <paramref name="reports"/> in an hour whose four weeks' average is <paramref name="average"/> are a surge.</summary>
    public bool IsSurge(long reports, double average) => reports >= MinimumCount && reports > Multiple * average;
}

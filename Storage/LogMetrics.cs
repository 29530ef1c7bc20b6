using System.Diagnostics.Metrics;

namespace Storage;

/// <summary>The event log's instruments, on the meter <see cref="MeterName"/> (README, Operations).</summary>
public sealed class LogMetrics
{
    /// <summary>The meter of the storage's instruments.</summary>
    public const string MeterName = "GridPulse.Storage";

    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<int> _commitEntries;

    /// <summary>Makes the instruments on <paramref name="meters"/>' meter <see cref="MeterName"/>.</summary>
    public LogMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _commitDuration = meter.CreateHistogram<double>(
            "gridpulse.log.commit.duration", "s", "一次持久提交（写入并落盘）的耗时 / the time of one durable commit, written and synced");
        _commitEntries = meter.CreateHistogram<int>(
            "gridpulse.log.commit.entries", "{entry}", "一次提交的条目数（组提交） / the entries of one commit (group commit)");
    }

    internal void Committed(TimeSpan duration, int entries)
    {
        _commitDuration.Record(duration.TotalSeconds);
        _commitEntries.Record(entries);
    }
}

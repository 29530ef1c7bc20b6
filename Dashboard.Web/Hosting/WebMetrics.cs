using System.Diagnostics.Metrics;

namespace Dashboard.Web.Hosting;

/// <summary>The web node's instruments, on the meter <see cref="MeterName"/> (README, Operations).</summary>
public sealed class WebMetrics
{
    /// <summary>The meter of the web node's instruments.</summary>
    public const string MeterName = "GridPulse.Web";

    private readonly Counter<long> _reportsRejected;
    private readonly Counter<long> _pushes;
    private readonly Histogram<double> _pushLatency;
    private readonly Counter<long> _outboxReplacements;

    /// <summary>Makes the instruments on <paramref name="meters"/>' meter <see cref="MeterName"/>.</summary>
    public WebMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _reportsRejected = meter.CreateCounter<long>(
            "gridpulse.reports.rejected", "{report}", "被拒绝的上报（4xx，未存储） / reports refused with a 4xx, nothing stored");
        _pushes = meter.CreateCounter<long>(
            "gridpulse.pushes", "{message}", "发给集线器客户端的消息（method: metrics 或 activity） / messages sent to hub clients, by method");
        _pushLatency = meter.CreateHistogram<double>(
            "gridpulse.push.latency", "s", "单位变化到达本节点至其快照交给客户端 / from a unit's change reaching this node to its snapshot handed to its clients");
        _outboxReplacements = meter.CreateCounter<long>(
            "gridpulse.push.outbox.replacements", "{snapshot}", "慢客户端待发的快照被更新的快照替换 / pending snapshots of a slow client replaced by a newer one");
    }

    /// <summary>Counts refused reports.</summary>
    public void ReportsRejected(int count)
    {
        if (count > 0)
        {
            _reportsRejected.Add(count);
        }
    }

    /// <summary>Counts a message sent to a hub client.</summary>
    public void Pushed(string method) => _pushes.Add(1, new KeyValuePair<string, object?>("method", method));

    /// <summary>Records how long a unit's change waited for its snapshot to reach the outboxes.</summary>
    public void SnapshotPushed(TimeSpan latency) => _pushLatency.Record(latency.TotalSeconds);

    /// <summary>Counts a pending snapshot replaced by a newer one.</summary>
    public void OutboxReplaced() => _outboxReplacements.Add(1);
}

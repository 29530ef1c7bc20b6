using System.Diagnostics.Metrics;
using Grains.Interfaces;

namespace Grains.Hosting;

/// <summary>
/// The instruments of ingestion and the grains, on the meter <see cref="MeterName"/> (README, Operations). The open and
/// overdue cases are kept by the grids active in this process: each adds the change of its own counts, and takes
/// them back when it deactivates, so the sum over the processes is the district's.
/// </summary>
public sealed class GrainsMetrics
{
    /// <summary>The meter of the grains' instruments.</summary>
    public const string MeterName = "GridPulse.Grains";

    private readonly Counter<long> _reportsAccepted;
    private readonly Counter<long> _reportsDuplicate;
    private readonly Counter<long> _casesOpened;
    private readonly UpDownCounter<long> _casesOpen;
    private readonly UpDownCounter<long> _casesOverdue;

    /// <summary>Makes the instruments on <paramref name="meters"/>' meter <see cref="MeterName"/>.</summary>
    public GrainsMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _reportsAccepted = meter.CreateCounter<long>("gridpulse.reports.accepted", "{report}", "首次存储的上报 / reports stored for the first time");
        _reportsDuplicate = meter.CreateCounter<long>("gridpulse.reports.duplicate", "{report}", "重复提交（相同编号与内容）的上报 / repeats of stored reports (same id and content)");
        _casesOpened = meter.CreateCounter<long>("gridpulse.cases.opened", "{case}", "新建的事件 / cases created");
        _casesOpen = meter.CreateUpDownCounter<long>("gridpulse.cases.open", "{case}", "未结案的事件 / cases not yet closed or cancelled");
        _casesOverdue = meter.CreateUpDownCounter<long>("gridpulse.cases.overdue", "{case}", "已超期的未结事件 / open cases past their deadline");
    }

    /// <summary>Counts the answer to a report: accepted (stored now) or duplicate; any other was refused.</summary>
    public void ReportAnswered(WriteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ReportsAnswered([result]);
    }

    /// <summary>Counts the answers to reports, as <see cref="ReportAnswered"/>.</summary>
    public void ReportsAnswered(ReadOnlySpan<WriteResult> results)
    {
        long accepted = 0, duplicate = 0;
        foreach (var result in results)
        {
            accepted += result.Outcome == WriteOutcome.Accepted ? 1 : 0;
            duplicate += result.Outcome == WriteOutcome.Duplicate ? 1 : 0;
        }

        Add(_reportsAccepted, accepted);
        Add(_reportsDuplicate, duplicate);
    }

    /// <summary>Counts a case created.</summary>
    public void CaseOpened() => _casesOpened.Add(1);

    /// <summary>A grid's live counts went from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public void GridCasesChanged(LiveCounts before, LiveCounts after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        Add(_casesOpen, after.Open - before.Open);
        Add(_casesOverdue, after.Overdue - before.Overdue);
    }

    private static void Add(Counter<long> counter, long value)
    {
        if (value != 0)
        {
            counter.Add(value);
        }
    }

    private static void Add(UpDownCounter<long> counter, long value)
    {
        if (value != 0)
        {
            counter.Add(value);
        }
    }
}

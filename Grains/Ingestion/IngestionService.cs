using Grains.Hosting;
using Grains.Interfaces;
using Grains.Live;
using Grains.Organisation;
using Grains.Storage;
using Grains.Units;
using Orleans;
using Storage;

namespace Grains.Ingestion;

/// <summary>
/// The one write path for every producer (the HTTP API and the simulator): checks what needs the organisation and
/// the clock, stores the write durably in the event log, then applies it to the grains; reports are answered once
/// stored and reach their grids behind the answer (<see cref="ReportHandOver"/>). The caller's token can stop a write
/// only before it reaches the log: once handed over it may commit, so it is always applied too; otherwise a client
/// that disconnects mid-commit would leave a stored report uncounted until the next restart. A repeat that the log
/// answers as a duplicate makes sure the first attempt reached its grid: the writer of that attempt may have died
/// between the commit and the grid (its answer lost, so the client repeats).
/// </summary>
public sealed class IngestionService(
    OrganisationTree organisation, IEventLog log, IGrainFactory grains, ReportHandOver handOver, ActivityFeed feed, TimeProvider time, GrainsMetrics metrics)
{

    /// <summary>How far in the future a time may lie (clock skew of the phones).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    private static readonly WriteResult Accepted = new(WriteOutcome.Accepted);
    private static readonly WriteResult Duplicate = new(WriteOutcome.Duplicate);
    private static readonly WriteResult Conflict = new(WriteOutcome.Conflict, "id", "该编号已被其他内容使用。");

    /// <summary>Stores and counts one activity report; it reaches its grid with the other single reports stored meanwhile.</summary>
    public async Task<WriteResult> SubmitReportAsync(ActivityReport report, CancellationToken cancellationToken = default)
    {
        if (CheckReport(report) is { } refused)
        {
            return refused;
        }

        cancellationToken.ThrowIfCancellationRequested();
        report = WithTheOrganisationsGridId(report);
        var stored = await log.AppendAsync([LogPayloads.ToEntry(report)], CancellationToken.None);
        if (stored[0].Status == AppendStatus.Appended)
        {
            await handOver.HandOverAsync([new StoredReport(stored[0].Sequence, report)]);
            feed.Publish(report);
        }
        else if (stored[0].Status == AppendStatus.Duplicate)
        {
            await EnsureCountedAsync([(report.GridId, stored[0].Sequence)]);
        }

        var result = ToResult(stored[0].Status);
        metrics.ReportAnswered(result);
        return result;
    }

    /// <summary>Stores the good reports of a batch in one commit; one result per report, in order.</summary>
    public async Task<IReadOnlyList<WriteResult>> SubmitReportsAsync(IReadOnlyList<ActivityReport> reports, CancellationToken cancellationToken = default)
    {
        var results = new WriteResult[reports.Count];
        var entries = new List<LogEntry>(reports.Count);
        var indexes = new List<int>(reports.Count);
        var firstById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < reports.Count; i++)
        {
            if (CheckReport(reports[i]) is { } refused)
            {
                results[i] = refused;
                continue;
            }

            var entry = LogPayloads.ToEntry(WithTheOrganisationsGridId(reports[i]));
            if (firstById.TryGetValue(entry.Id, out var first))
            {
                results[i] = entries[first].Payload == entry.Payload ? Duplicate : Conflict;
                continue;
            }

            firstById[entry.Id] = entries.Count;
            entries.Add(entry);
            indexes.Add(i);
        }

        if (entries.Count == 0)
        {
            metrics.ReportsAnswered(results);
            return results;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var stored = await log.AppendAsync(entries, CancellationToken.None);
        var appended = new List<StoredReport>(entries.Count);
        var duplicates = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var k = 0; k < entries.Count; k++)
        {
            results[indexes[k]] = ToResult(stored[k].Status);
            if (stored[k].Status == AppendStatus.Appended)
            {
                appended.Add(new StoredReport(stored[k].Sequence, reports[indexes[k]]));
            }
            else if (stored[k].Status == AppendStatus.Duplicate)
            {
                var gridId = reports[indexes[k]].GridId;
                duplicates[gridId] = Math.Max(duplicates.GetValueOrDefault(gridId), stored[k].Sequence);
            }
        }

        await EnsureCountedAsync([.. duplicates.Select(grid => (grid.Key, grid.Value))]);
        await handOver.HandOverAsync(appended);
        foreach (var report in appended)
        {
            feed.Publish(report.Report);
        }

        metrics.ReportsAnswered(results);
        return results;
    }


    /// <summary>
    /// Makes sure each grid has counted the stored report at the sequence given with it: when the first attempt's
    /// hand-over is still on its way in this process the grid has it after that, and otherwise a grid that never had it
    /// reads itself back from the log.
    /// </summary>
    private async Task EnsureCountedAsync(IReadOnlyList<(string GridId, long Sequence)> grids)
    {
        if (grids.Count == 0)
        {
            return;
        }

        await handOver.HandedOverAsync();
        await Task.WhenAll(grids.Select(grid => grains.GetGrain<IGridGrain>(grid.GridId).EnsureCountedAsync(grid.Sequence)));
    }

    /// <summary>Stores a worker's status; idempotent by (worker, at).</summary>
    public async Task<WriteResult> SubmitWorkerStatusAsync(WorkerStatusReport status, CancellationToken cancellationToken = default)
    {
        var worker = organisation.FindWorker(status.WorkerId);
        if (worker is null)
        {
            return new WriteResult(WriteOutcome.NotFound, "workerId", "网格员不存在。");
        }

        if (Retired(status.WorkerId) is { } retired)
        {
            return retired;
        }

        if (TooFarAhead("at", "时间", status.At) is { } ahead)
        {
            return ahead;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var stored = await log.AppendAsync([LogPayloads.ToEntry(status)], CancellationToken.None);

        // A status is idempotent on the grid (the latest time wins), so a repeat is handed over again: the first
        // attempt's writer may have died before the grid had it.
        if (stored[0].Status is AppendStatus.Appended or AppendStatus.Duplicate)
        {
            var grid = grains.GetGrain<IGridGrain>(worker.GridId);
            try
            {
                await grid.RecordWorkerStatusAsync(status);
            }
            catch
            {
                // As for reports (ReportHandOver): the grid may or may not have it, so it reads itself back from the log.
                handOver.Repair([grid]);
                throw;
            }
        }

        return ToResult(stored[0].Status);
    }

    /// <summary>Creates a case through its grain.</summary>
    public async Task<WriteResult> SubmitCaseAsync(NewCase newCase, CancellationToken cancellationToken = default)
    {
        if (CheckGridAndWorker(newCase.GridId, newCase.WorkerId) is { } unknown)
        {
            return unknown;
        }

        if (TooFarAhead("occurredAt", "发生时间", newCase.OccurredAt) is { } ahead)
        {
            return ahead;
        }

        // The one place of this rule: the HTTP validator leaves it here, where every producer's case passes.
        if (newCase.Deadline <= newCase.OccurredAt)
        {
            return new WriteResult(WriteOutcome.Invalid, "deadline", "处置期限必须晚于发生时间。");
        }

        var result = await grains.GetGrain<ICaseGrain>(newCase.Id).CreateAsync(newCase);
        if (result.Outcome == WriteOutcome.Accepted)
        {
            metrics.CaseOpened();
            feed.Publish(newCase);
        }

        return result;
    }

    /// <summary>Applies an action to a case through its grain.</summary>
    public Task<WriteResult> SubmitCaseActionAsync(CaseAction action, CancellationToken cancellationToken = default)
    {
        return TooFarAhead("at", "操作时间", action.At) is { } ahead
            ? Task.FromResult(ahead)
            : grains.GetGrain<ICaseGrain>(action.CaseId).ApplyAsync(action);
    }

    /// <summary>
    /// The report with the organisation's own string as its grid id: the log's stream index keeps the first string it is
    /// given of each stream for good, and a request's would be a second copy of every grid id (48 bytes a grid).
    /// </summary>
    private ActivityReport WithTheOrganisationsGridId(ActivityReport report) =>
        organisation.FindUnit(report.GridId) is { } grid && !ReferenceEquals(grid.Id, report.GridId) ? report with { GridId = grid.Id } : report;

    private WriteResult? CheckReport(ActivityReport report)
    {
        if (CheckGridAndWorker(report.GridId, report.WorkerId) is { } unknown)
        {
            return unknown;
        }

        return TooFarAhead("occurredAt", "发生时间", report.OccurredAt);
    }

    private WriteResult? CheckGridAndWorker(string gridId, string workerId)
    {
        if (organisation.FindUnit(gridId) is not { Level: UnitLevel.Grid })
        {
            return new WriteResult(WriteOutcome.NotFound, "gridId", $"网格“{gridId}”不存在。");
        }

        return organisation.FindWorker(workerId) is { } worker && worker.GridId == gridId
            ? Retired(workerId)
            : new WriteResult(WriteOutcome.NotFound, "workerId", $"网格员“{workerId}”不属于网格“{gridId}”。");
    }

    /// <summary>Refuses a retired worker's write (issue 13): their history stays, but they no longer report.</summary>
    private WriteResult? Retired(string workerId) =>
        organisation.IsRetired(workerId)
            ? new WriteResult(WriteOutcome.Invalid, "workerId", $"网格员“{workerId}”已离职，不能再上报。 / the worker has retired and can no longer report")
            : null;

    /// <summary>Refuses <paramref name="at"/> (the <paramref name="field"/>, called <paramref name="name"/>) when it lies more than <see cref="FutureTolerance"/> ahead.</summary>
    private WriteResult? TooFarAhead(string field, string name, DateTimeOffset at) =>
        at - time.GetUtcNow() > FutureTolerance
            ? new WriteResult(WriteOutcome.Invalid, field, $"{name}不能晚于当前时间 {FutureTolerance.TotalMinutes:0} 分钟以上。")
            : null;

    private static WriteResult ToResult(AppendStatus status) => status switch
    {
        AppendStatus.Appended => Accepted,
        AppendStatus.Duplicate => Duplicate,
        _ => Conflict,
    };
}

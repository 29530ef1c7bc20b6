using System.Diagnostics;
using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Time;

namespace Dashboard.Web.Simulation;

/// <summary>
/// Writes the demo's past weeks (<see cref="SimulatorOptions.HistoryDays"/>) through <see cref="IngestionService"/>
/// before the live simulation starts, so a freshly started demo shows a district that has been running for a month.
/// Reports go in batches, each case's writes in order with a few cases at a time; nothing is dated after now. Each
/// write is made as its actor, within their scope (<see cref="SimulatedActors"/>), as the live simulation's are.
/// </summary>
public sealed partial class HistoryBackfill(
    IngestionService ingestion,
    SimulatedActors actors,
    OrganisationTree organisation,
    LocalClock clock,
    TimeProvider time,
    ILogger<HistoryBackfill> logger)
{
    private const int ReportBatchSize = 1000;
    private const int CaseConcurrency = 16;

    // How a write its actor may not make is counted and logged; it never reaches ingestion.
    private static readonly WriteResult OutOfScope = new(WriteOutcome.Invalid, Detail: "超出写入者的权限范围 outside its actor's scope");

    private readonly TaskCompletionSource<HistoryBackfillResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the live simulation may start: the history is written, or was not to be written.</summary>
    public Task<HistoryBackfillResult> Completion => _completion.Task;

    /// <summary>Records that no history is written this run (the log was not empty, or history is off).</summary>
    internal void Skip() => _completion.TrySetResult(HistoryBackfillResult.Skipped);

    /// <summary>
    /// Writes the last <paramref name="days"/> local days up to now, then hands the cases still open to
    /// <paramref name="workload"/> to carry on live.
    /// </summary>
    internal async Task<HistoryBackfillResult> WriteAsync(SimulatedWorkload workload, int seed, int days, CancellationToken cancellationToken)
    {
        try
        {
            var result = await WriteDaysAsync(workload, seed, days, cancellationToken);
            _completion.TrySetResult(result);
            return result;
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
            throw;
        }
    }

    private async Task<HistoryBackfillResult> WriteDaysAsync(SimulatedWorkload workload, int seed, int days, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        LogStarting(days, organisation.Workers.Count);
        var history = new SimulatedHistory(organisation, clock.Zone, seed, workload.CommandCentreOf);
        var tally = new Tally();
        foreach (var day in history.Days(now, days))
        {
            await WriteReportsAsync(day.Reports, tally, cancellationToken);
            await Parallel.ForEachAsync(
                day.Cases,
                new ParallelOptions { MaxDegreeOfParallelism = CaseConcurrency, CancellationToken = cancellationToken },
                async (historyCase, token) => await WriteCaseAsync(historyCase, tally, token));
            foreach (var open in day.Cases.Where(c => c.Pending is not null && !tally.IsRefused(c.Case.Id)))
            {
                workload.Follow(open.Pending!, open.NextDue!.Value);
            }
        }

        var result = tally.ToResult(stopwatch.Elapsed);
        LogDone(result.Reports, result.Cases, result.CaseActions, result.OpenCases, result.Refused, result.Duration.TotalSeconds);
        return result;
    }

    private async Task WriteReportsAsync(IReadOnlyList<ActivityReport> reports, Tally tally, CancellationToken cancellationToken)
    {
        foreach (var chunk in reports.Chunk(ReportBatchSize))
        {
            var batch = Array.FindAll(chunk, report => actors.MayWrite(new SimulatedReport(report)));
            var results = await ingestion.SubmitReportsAsync(batch, cancellationToken);
            tally.AddReports(results.Count(IsStored), results.Count(result => !IsStored(result)) + chunk.Length - batch.Length);
        }
    }

    /// <summary>Creates the case and applies its actions in order; stops at the first refusal, which is counted.</summary>
    private async Task WriteCaseAsync(HistoryCase historyCase, Tally tally, CancellationToken cancellationToken)
    {
        var created = actors.MayWrite(new SimulatedCase(historyCase.Case))
            ? await ingestion.SubmitCaseAsync(historyCase.Case, cancellationToken)
            : OutOfScope;
        if (!IsStored(created))
        {
            Refused(tally, historyCase.Case.Id, nameof(NewCase), created);
            return;
        }

        var gridId = historyCase.Case.GridId;
        var commandCentre = actors.CommandCentreOf(gridId) ?? "";
        foreach (var action in historyCase.Actions)
        {
            var applied = actors.MayWrite(new SimulatedCaseAction(action, gridId, commandCentre))
                ? await ingestion.SubmitCaseActionAsync(action, cancellationToken)
                : OutOfScope;
            if (!IsStored(applied))
            {
                Refused(tally, historyCase.Case.Id, action.Action.ToString(), applied);
                return;
            }
        }

        tally.AddCase(historyCase.Actions.Count, historyCase.Pending is not null);
    }

    private void Refused(Tally tally, string caseId, string write, WriteResult result)
    {
        tally.Refuse(caseId);
        LogRefused(write, caseId, result.Outcome, result.Detail);
    }

    private static bool IsStored(WriteResult result) => result.Outcome is WriteOutcome.Accepted or WriteOutcome.Duplicate;

    [LoggerMessage(Level = LogLevel.Information, Message = "模拟器正在写入历史数据 Simulator writing the history of the last {Days} days for {Workers} workers.")]
    private partial void LogStarting(int days, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "历史数据写入完成 Simulator history written: {Reports} reports, {Cases} cases with {Actions} case actions ({Open} still open), {Refused} refused, in {Seconds:F1} s.")]
    private partial void LogDone(long reports, long cases, long actions, long open, long refused, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "历史数据写入被拒绝 A history write was refused: {Write} of case {CaseId}: {Outcome} {Detail}")]
    private partial void LogRefused(string write, string caseId, WriteOutcome outcome, string? detail);

    /// <summary>The counts of a backfill; written concurrently by the case writers.</summary>
    private sealed class Tally
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _refusedCases = new(StringComparer.Ordinal);
        private long _reports;
        private long _cases;
        private long _actions;
        private long _open;
        private long _refused;

        public void AddReports(int stored, int refused)
        {
            lock (_gate)
            {
                _reports += stored;
                _refused += refused;
            }
        }

        public void AddCase(int actions, bool open)
        {
            lock (_gate)
            {
                _cases++;
                _actions += actions;
                _open += open ? 1 : 0;
            }
        }

        public void Refuse(string caseId)
        {
            lock (_gate)
            {
                _refused++;
                _refusedCases.Add(caseId);
            }
        }

        public bool IsRefused(string caseId)
        {
            lock (_gate)
            {
                return _refusedCases.Contains(caseId);
            }
        }

        public HistoryBackfillResult ToResult(TimeSpan duration)
        {
            lock (_gate)
            {
                return new HistoryBackfillResult(true, _reports, _cases, _actions, _open, _refused, duration);
            }
        }
    }
}

/// <summary>What a history backfill wrote.</summary>
/// <param name="Written">False when no history was written this run.</param>
/// <param name="Reports">Visit, training and event reports stored.</param>
/// <param name="Cases">Cases created with all their actions so far.</param>
/// <param name="CaseActions">Case actions stored.</param>
/// <param name="OpenCases">Cases still open at the end, handed to the live simulation.</param>
/// <param name="Refused">Writes the ingestion service refused (an illegal transition, an invalid field); 0 when all is well.</param>
/// <param name="Duration">How long the writing took.</param>
public sealed record HistoryBackfillResult(bool Written, long Reports, long Cases, long CaseActions, long OpenCases, long Refused, TimeSpan Duration)
{
    /// <summary>No history written.</summary>
    public static readonly HistoryBackfillResult Skipped = new(false, 0, 0, 0, 0, 0, TimeSpan.Zero);
}

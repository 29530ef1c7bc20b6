using Grains.Interfaces;

namespace Grains.Ingestion;

/// <summary>
/// The one write path for every producer (the HTTP API and the simulator): checks what needs the organisation and
/// the clock, stores the write durably in the event log, then applies it to the grains.
/// </summary>
public sealed class IngestionService
{
    /// <summary>Stores and counts one activity report.</summary>
    public Task<WriteResult> SubmitReportAsync(ActivityReport report, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Stores the good reports of a batch in one commit; one result per report, in order.</summary>
    public Task<IReadOnlyList<WriteResult>> SubmitReportsAsync(IReadOnlyList<ActivityReport> reports, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Stores a worker's status; idempotent by (worker, at).</summary>
    public Task<WriteResult> SubmitWorkerStatusAsync(WorkerStatusReport status, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Creates a case through its grain.</summary>
    public Task<WriteResult> SubmitCaseAsync(NewCase newCase, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Applies an action to a case through its grain.</summary>
    public Task<WriteResult> SubmitCaseActionAsync(CaseAction action, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}

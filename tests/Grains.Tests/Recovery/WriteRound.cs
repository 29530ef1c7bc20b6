using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;

namespace Grains.Tests.Recovery;

/// <summary>
/// One round of one writer of a recovery workload: a batch of reports, a worker's status and a new case taken to one of
/// its states. Its writes have ids of their own (<c>r-writer-round-i</c>, <c>k-writer-round</c>) and are the same
/// whenever the round is made again, so submitting a round again repeats it exactly: each write answers duplicate if
/// it was stored, accepted if not.
/// </summary>
internal sealed record WriteRound(
    IReadOnlyList<ActivityReport> Reports,
    WorkerStatusReport Status,
    NewCase Case,
    IReadOnlyList<CaseAction> Actions,
    CaseState CaseState)
{
    private const int ReportsPerRound = 4;

    private static readonly (CaseState State, CaseActionKind[] Path)[] CaseEnds =
    [
        (CaseState.Reported, []),
        (CaseState.Dispatched, [CaseActionKind.Dispatch]),
        (CaseState.Resolved, [CaseActionKind.Dispatch, CaseActionKind.Resolve]),
        (CaseState.Closed, [CaseActionKind.Dispatch, CaseActionKind.Resolve, CaseActionKind.Close]),
        (CaseState.Cancelled, [CaseActionKind.Cancel]),
    ];

    /// <summary>
    /// The round <paramref name="round"/> of writer <paramref name="writer"/> (0 to 8) at <paramref name="now"/>: reports
    /// of today, of earlier this month and of last month, and a status a few minutes old whose time no other round uses.
    /// </summary>
    public static WriteRound Make(OrganisationTree organisation, DateTimeOffset now, int writer, int round)
    {
        var random = new Random((writer * 100_003) + round);
        var reports = new List<ActivityReport>(ReportsPerRound);
        for (var i = 0; i < ReportsPerRound; i++)
        {
            var worker = organisation.Workers[random.Next(organisation.Workers.Count)];
            var at = random.Next(3) switch
            {
                0 => now - TimeSpan.FromMinutes(random.Next(0, 600)),
                1 => now - TimeSpan.FromDays(random.Next(1, 11)),
                _ => now - TimeSpan.FromDays(40) - TimeSpan.FromMinutes(random.Next(0, 600)),
            };
            var id = $"r-{writer}-{round}-{i}";
            reports.Add(random.Next(3) switch
            {
                0 => Writes.Visit(id, worker.GridId, worker.Id, at, random.Next(1, 4)),
                1 => Writes.Training(id, worker.GridId, worker.Id, at, random.Next(0, 30)),
                _ => Writes.Event(id, worker.GridId, worker.Id, at, random.Next(0, 30)),
            });
        }

        var statusWorker = organisation.Workers[random.Next(organisation.Workers.Count)];
        var status = new WorkerStatusReport(
            statusWorker.Id,
            (WorkerDutyStatus)random.Next(3),
            now - TimeSpan.FromMilliseconds((writer * 100_000) + round));

        var caseWorker = organisation.Workers[random.Next(organisation.Workers.Count)];
        var caseId = $"k-{writer}-{round}";
        var newCase = Writes.Case(caseId, caseWorker.GridId, caseWorker.Id, now - TimeSpan.FromMinutes(random.Next(1, 300)));
        var (state, path) = CaseEnds[random.Next(CaseEnds.Length)];
        var actions = path.Select((kind, n) => Writes.Action($"{caseId}-{n}", caseId, kind, now)).ToList();
        return new WriteRound(reports, status, newCase, actions, state);
    }

    /// <summary>When the case was closed, or null when the round leaves it open or cancelled.</summary>
    public DateTimeOffset? ClosedAt => CaseState == CaseState.Closed ? Actions[^1].At : null;

    /// <summary>Submits the round's writes in order, one after the other; answers each write's outcome by its name.</summary>
    public async Task<IReadOnlyList<(string Write, WriteOutcome Outcome)>> SubmitAsync(IngestionService ingestion)
    {
        var answers = new List<(string, WriteOutcome)>();
        var reports = await ingestion.SubmitReportsAsync(Reports);
        answers.AddRange(Reports.Zip(reports, (report, result) => ($"report {report.Id}", result.Outcome)));
        answers.Add(($"status {Status.WorkerId}@{Status.At:O}", (await ingestion.SubmitWorkerStatusAsync(Status)).Outcome));
        answers.Add(($"case {Case.Id}", (await ingestion.SubmitCaseAsync(Case)).Outcome));
        foreach (var action in Actions)
        {
            answers.Add(($"action {action.Id}", (await ingestion.SubmitCaseActionAsync(action)).Outcome));
        }

        return answers;
    }

    /// <summary>
    /// How long one attempt at a round may take before it counts as a lost answer (a call into a stopped silo need not
    /// end): longer than the test cluster's response timeout, so that an attempt mostly ends by its own failure.
    /// </summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a round's retries go on before the test gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    /// <summary>
    /// Submits the round again and again, with the same ids, as a phone's outbox does, until an attempt is answered
    /// within <see cref="AttemptTimeout"/> (an attempt fails when a silo is gone or a grain is forced out under it);
    /// answers that attempt's outcomes. Gives up after <see cref="Patience"/>.
    /// </summary>
    public async Task<IReadOnlyList<(string Write, WriteOutcome Outcome)>> RetryUntilAnsweredAsync(IngestionService ingestion)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            try
            {
                return await SubmitAsync(ingestion).WaitAsync(AttemptTimeout);
            }
            catch (Exception) when (!deadline.IsCancellationRequested)
            {
                // A client's pause before it tries again.
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }
}

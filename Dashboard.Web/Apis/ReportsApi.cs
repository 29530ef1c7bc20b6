using System.Net.Mime;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis.Validation;
using Dashboard.Web.Hosting;
using Grains.Ingestion;
using Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>Activity reports from grid workers, one at a time or in batches (spec 3).</summary>
public static class ReportsApi
{
    /// <summary>The most reports in one batch.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>Maps <c>/api/reports</c>.</summary>
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").WithTags("Reports");
        api.MapPost("", PostReport).Accepts<ReportRequest>(MediaTypeNames.Application.Json).ProducesWriteProblems();
        // A batch answers 200 with its refused items; it is refused whole only when it cannot be read or is out of scope.
        api.MapPost("/batch", PostBatch).Accepts<ReportRequest[]>(MediaTypeNames.Application.Json).ProducesCallerProblems().ProducesBodyProblems()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status507InsufficientStorage);
        return app;
    }

    /// <summary>Stores one report: 202 once durably stored, 200 for a repeat; 403 for another grid or worker than the caller's.</summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostReport(
        HttpRequest request, AccessScope scope, IngestionService ingestion, WebMetrics metrics, CancellationToken cancellationToken)
    {
        var body = await WriteAnswers.ReadAsync<ReportRequest, ActivityReport>(request, ReportValidator.Validate, cancellationToken);
        var answer = !body.IsValid ? body.Refusal
            : !scope.CanReport(body.Record.GridId, body.Record.WorkerId) ? Forbidden.Report(body.Record.GridId, body.Record.WorkerId)
            : WriteAnswers.ToResult(await ingestion.SubmitReportAsync(body.Record, cancellationToken), body.Record.Id);
        metrics.ReportsRejected(answer.Result is ProblemHttpResult or ValidationProblem ? 1 : 0);
        return answer;
    }

    /// <summary>
    /// Stores the good reports of a batch, each judged on its own; the answer counts them and lists the refused.
    /// A batch with any valid item for another grid or worker than the caller's is refused whole (403), nothing stored.
    /// </summary>
    public static async Task<Results<Ok<BatchAnswer>, ProblemHttpResult>> PostBatch(
        HttpRequest request,
        AccessScope scope,
        IngestionService ingestion,
        WebMetrics metrics,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadItemsAsync<ReportRequest>(request, JsonBody.BatchLimit, MaxBatchSize, "应为报告的数组", cancellationToken);
        if (!body.Succeeded)
        {
            return body.Problem;
        }

        if (BatchSizeProblem(body.Value.Count) is { } problem)
        {
            return problem;
        }

        var rejected = new List<BatchRejection>();
        foreach (var (index, refused) in body.Value.Refused)
        {
            rejected.Add(Rejection(index, refused));
        }

        var (indexes, reports) = ValidItems(body.Value.Bound, rejected);
        var outOfScope = new List<int>();
        for (var i = 0; i < reports.Length; i++)
        {
            if (!scope.CanReport(reports[i].GridId, reports[i].WorkerId))
            {
                outOfScope.Add(indexes[i]);
            }
        }

        if (outOfScope.Count > 0)
        {
            metrics.ReportsRejected(body.Value.Count);
            return Forbidden.Batch(outOfScope);
        }

        var results = await ingestion.SubmitReportsAsync(reports, cancellationToken);
        var (accepted, duplicates) = (0, 0);
        for (var i = 0; i < reports.Length; i++)
        {
            switch (results[i].Outcome)
            {
                case WriteOutcome.Accepted:
                    accepted++;
                    break;
                case WriteOutcome.Duplicate:
                    duplicates++;
                    break;
                default:
                    rejected.Add(Rejection(indexes[i], WriteAnswers.ToProblem(results[i], reports[i].Id)));
                    break;
            }
        }

        rejected.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        metrics.ReportsRejected(rejected.Count);
        return TypedResults.Ok(new BatchAnswer(accepted, duplicates, rejected));
    }

    private static ProblemHttpResult? BatchSizeProblem(int count) => count switch
    {
        0 => JsonBody.JsonProblem("$", "批量报告至少要有 1 条"),
        > MaxBatchSize => JsonBody.JsonProblem("$", $"批量报告最多 {MaxBatchSize} 条，本次有 {count} 条"),
        _ => null,
    };

    /// <summary>The bound items that pass validation, as parallel arrays of their indexes and reports; the others join <paramref name="rejected"/>.</summary>
    private static (int[] Indexes, ActivityReport[] Reports) ValidItems(List<(int Index, ReportRequest Value)> bound, List<BatchRejection> rejected)
    {
        var indexes = new List<int>(bound.Count);
        var reports = new List<ActivityReport>(bound.Count);
        foreach (var (index, item) in bound)
        {
            var report = ReportValidator.Validate(item);
            if (report.IsValid)
            {
                indexes.Add(index);
                reports.Add(report.Value);
            }
            else
            {
                rejected.Add(new BatchRejection(index, StatusCodes.Status400BadRequest, Problems.TitleOf(StatusCodes.Status400BadRequest), report.Describe()));
            }
        }

        return ([.. indexes], [.. reports]);
    }

    private static BatchRejection Rejection(int index, ProblemHttpResult problem) =>
        new(index, problem.StatusCode, problem.ProblemDetails.Title ?? Problems.TitleOf(problem.StatusCode), problem.ProblemDetails.Detail ?? "");
}

/// <summary>The answer to a batch: how many were stored, how many were repeats, and the refused ones.</summary>
public sealed record BatchAnswer(int Accepted, int Duplicates, IReadOnlyList<BatchRejection> Rejected);

/// <summary>A refused item of a batch: its index in the array and the problem it would have answered alone.</summary>
public sealed record BatchRejection(int Index, int Status, string Title, string Detail);

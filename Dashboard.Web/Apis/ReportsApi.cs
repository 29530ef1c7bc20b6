using System.Security.Claims;
using System.Text.Json;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis.Validation;
using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
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
        api.MapPost("", PostReport);
        api.MapPost("/batch", PostBatch);
        return app;
    }

    /// <summary>Stores one report: 202 once durably stored, 200 for a repeat; 403 for another grid or worker than the caller's.</summary>
    public static Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostReport(
        HttpRequest request, ClaimsPrincipal user, OrganisationTree organisation, IngestionService ingestion, CancellationToken cancellationToken)
    {
        var scope = AccessScope.Of(user, organisation);
        return WriteAnswers.HandleAsync<ReportRequest, ActivityReport>(
            request,
            ReportValidator.Validate,
            report => Forbidden.Unless(scope.CanReport(report.GridId, report.WorkerId), () => Forbidden.Report(report.GridId, report.WorkerId)),
            ingestion.SubmitReportAsync,
            report => report.Id,
            locationOf: null,
            cancellationToken);
    }

    /// <summary>
    /// Stores the good reports of a batch, each judged on its own; the answer counts them and lists the refused.
    /// A batch with any valid item for another grid or worker than the caller's is refused whole (403), nothing stored.
    /// </summary>
    public static async Task<Results<Ok<BatchAnswer>, ProblemHttpResult>> PostBatch(
        HttpRequest request, ClaimsPrincipal user, OrganisationTree organisation, IngestionService ingestion, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadDocumentAsync(request, JsonBody.BatchLimit, cancellationToken);
        if (!body.Succeeded)
        {
            return body.Problem;
        }

        if (BatchShapeProblem(body.Value) is { } problem)
        {
            return problem;
        }

        var rejected = new List<BatchRejection>();
        var valid = ValidItems(body.Value, JsonBody.SerializerOptions(request), rejected);
        var scope = AccessScope.Of(user, organisation);
        var outOfScope = valid.Where(item => !scope.CanReport(item.Report.GridId, item.Report.WorkerId)).Select(item => item.Index).ToList();
        if (outOfScope.Count > 0)
        {
            return Forbidden.Batch(outOfScope);
        }

        var results = await ingestion.SubmitReportsAsync([.. valid.Select(item => item.Report)], cancellationToken);
        var (accepted, duplicates) = (0, 0);
        for (var i = 0; i < valid.Count; i++)
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
                    rejected.Add(Rejection(valid[i].Index, WriteAnswers.ToProblem(results[i], valid[i].Report.Id)));
                    break;
            }
        }

        return TypedResults.Ok(new BatchAnswer(accepted, duplicates, [.. rejected.OrderBy(item => item.Index)]));
    }

    private static ProblemHttpResult? BatchShapeProblem(JsonElement batch)
    {
        if (batch.ValueKind != JsonValueKind.Array)
        {
            return JsonBody.JsonProblem("$", "应为报告的数组");
        }

        var count = batch.GetArrayLength();
        return count switch
        {
            0 => JsonBody.JsonProblem("$", "批量报告至少要有 1 条"),
            > MaxBatchSize => JsonBody.JsonProblem("$", $"批量报告最多 {MaxBatchSize} 条，本次有 {count} 条"),
            _ => null,
        };
    }

    private static List<(int Index, ActivityReport Report)> ValidItems(
        JsonElement batch, JsonSerializerOptions options, List<BatchRejection> rejected)
    {
        var valid = new List<(int Index, ActivityReport Report)>();
        var index = 0;
        foreach (var item in batch.EnumerateArray())
        {
            var (report, rejection) = Judge(item, index, options);
            if (report is not null)
            {
                valid.Add((index, report));
            }
            else if (rejection is not null)
            {
                rejected.Add(rejection);
            }

            index++;
        }

        return valid;
    }

    private static (ActivityReport? Report, BatchRejection? Rejection) Judge(JsonElement item, int index, JsonSerializerOptions options)
    {
        var body = JsonBody.Bind<ReportRequest>(item, options, $"$[{index}]");
        if (!body.Succeeded)
        {
            return (null, Rejection(index, body.Problem));
        }

        var report = ReportValidator.Validate(body.Value);
        return report.IsValid
            ? (report.Value, null)
            : (null, new BatchRejection(index, StatusCodes.Status400BadRequest, ProblemTitles.For(StatusCodes.Status400BadRequest), report.Describe()));
    }

    private static BatchRejection Rejection(int index, ProblemHttpResult problem) =>
        new(index, problem.StatusCode, problem.ProblemDetails.Title ?? ProblemTitles.For(problem.StatusCode), problem.ProblemDetails.Detail ?? "");
}

/// <summary>The answer to a batch: how many were stored, how many were repeats, and the refused ones.</summary>
public sealed record BatchAnswer(int Accepted, int Duplicates, IReadOnlyList<BatchRejection> Rejected);

/// <summary>A refused item of a batch: its index in the array and the problem it would have answered alone.</summary>
public sealed record BatchRejection(int Index, int Status, string Title, string Detail);

using System.Net.Mime;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis.Validation;
using Grains.Ingestion;
using Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>Grid workers' duty status (spec 2.4, 3).</summary>
public static class WorkersApi
{
    /// <summary>Maps <c>/api/workers</c>.</summary>
    public static IEndpointRouteBuilder MapWorkersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workers").WithTags("Workers");
        api.MapPost("/{id}/status", PostStatus).Accepts<WorkerStatusRequest>(MediaTypeNames.Application.Json).ProducesWriteProblems();
        return app;
    }

    /// <summary>Stores a worker's status: 202, 200 for a repeat; 403 for anyone but the worker and administrators.</summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostStatus(
        string id, HttpRequest request, AccessScope scope, IngestionService ingestion, CancellationToken cancellationToken)
    {
        if (!FieldErrors.IsId(id))
        {
            return Problems.Result(StatusCodes.Status404NotFound, $"网格员 {id} 不存在。");
        }

        var body = await WriteAnswers.ReadAsync<WorkerStatusRequest, WorkerStatusReport>(
            request, request => WorkerStatusValidator.Validate(id, request), cancellationToken);
        if (!body.IsValid)
        {
            return body.Refusal;
        }

        if (!scope.CanSetStatus(body.Record.WorkerId))
        {
            return Forbidden.Status(body.Record.WorkerId);
        }

        return WriteAnswers.ToResult(await ingestion.SubmitWorkerStatusAsync(body.Record, cancellationToken), id);
    }
}

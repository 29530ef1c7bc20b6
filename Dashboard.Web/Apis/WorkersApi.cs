using Dashboard.Web.Apis.Validation;
using Grains.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>Grid workers' duty status (spec 2.4, 3).</summary>
public static class WorkersApi
{
    /// <summary>Maps <c>/api/workers</c>.</summary>
    public static IEndpointRouteBuilder MapWorkersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workers").WithTags("Workers");
        api.MapPost("/{id}/status", PostStatus);
        return app;
    }

    /// <summary>Stores a worker's status: 202, 200 for a repeat.</summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostStatus(
        string id, HttpRequest request, IngestionService ingestion, CancellationToken cancellationToken)
    {
        if (!FieldErrors.IsId(id))
        {
            return JsonBody.Problem(StatusCodes.Status404NotFound, $"网格员 {id} 不存在。");
        }

        var body = await JsonBody.ReadAsync<WorkerStatusRequest>(request, JsonBody.SingleLimit, cancellationToken);
        if (!body.Succeeded)
        {
            return body.Problem;
        }

        var status = WorkerStatusValidator.Validate(id, body.Value);
        if (!status.IsValid)
        {
            return WriteAnswers.Invalid(status.Errors);
        }

        var result = await ingestion.SubmitWorkerStatusAsync(status.Value, cancellationToken);
        return WriteAnswers.ToResult(result, id);
    }
}

using System.Net.Mime;
using System.Security.Claims;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis.Validation;
using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
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
        string id, HttpRequest request, ClaimsPrincipal user, OrganisationTree organisation, IngestionService ingestion, CancellationToken cancellationToken)
    {
        if (!FieldErrors.IsId(id))
        {
            return JsonBody.Problem(StatusCodes.Status404NotFound, $"网格员 {id} 不存在。");
        }

        var scope = AccessScope.Of(user, organisation);
        return await WriteAnswers.HandleAsync<WorkerStatusRequest, WorkerStatusReport>(
            request,
            body => WorkerStatusValidator.Validate(id, body),
            status => Forbidden.Unless(scope.CanSetStatus(status.WorkerId), () => Forbidden.Status(status.WorkerId)),
            ingestion.SubmitWorkerStatusAsync,
            _ => id,
            locationOf: null,
            cancellationToken);
    }
}

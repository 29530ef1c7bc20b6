using Dashboard.Web.Apis.Validation;
using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>Cases (事件) and their lifecycle (spec 2.3, 3).</summary>
public static class CasesApi
{
    /// <summary>The default page size of a case list.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>The largest page size of a case list.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Maps <c>/api/cases</c>.</summary>
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cases").WithTags("Cases");
        api.MapPost("", PostCase);
        api.MapPost("/{id}/actions", PostAction);
        api.MapGet("/{id}", GetCase);
        api.MapGet("", ListCases);
        return app;
    }

    /// <summary>Creates a case: 202 once durably stored, 200 for a repeat.</summary>
    public static Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostCase(
        HttpRequest request, IngestionService ingestion, CancellationToken cancellationToken) =>
        WriteAnswers.HandleAsync<CaseRequest, NewCase>(
            request, CaseValidator.Validate, ingestion.SubmitCaseAsync, newCase => newCase.Id, newCase => CaseLocation(newCase.Id), cancellationToken);

    /// <summary>Applies an action to a case: 202, 200 for a repeat of the action id, 409 for an illegal transition.</summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostAction(
        string id, HttpRequest request, IngestionService ingestion, CancellationToken cancellationToken)
    {
        if (!FieldErrors.IsId(id))
        {
            return UnknownCase(id);
        }

        return await WriteAnswers.HandleAsync<CaseActionRequest, CaseAction>(
            request, body => CaseActionValidator.Validate(id, body), ingestion.SubmitCaseActionAsync, action => action.Id, _ => CaseLocation(id), cancellationToken);
    }

    /// <summary>The case with its history.</summary>
    public static async Task<Results<Ok<CaseView>, ProblemHttpResult>> GetCase(string id, CaseQueries queries) =>
        FieldErrors.IsId(id) && await queries.GetAsync(id) is { } view ? TypedResults.Ok(view) : UnknownCase(id);

    /// <summary>The cases in a unit's subtree (the root when no unit is given), newest first, one page.</summary>
    public static async Task<Results<Ok<CasePage>, ProblemHttpResult, ValidationProblem>> ListCases(
        HttpRequest request, CaseQueries queries, OrganisationTree organisation)
    {
        var query = CaseListQuery.Parse(request.Query, organisation.Root.Id);
        if (!query.IsValid)
        {
            return WriteAnswers.Invalid(query.Errors);
        }

        var (unit, state, overdue, page, pageSize) = query.Value;
        return await queries.ListAsync(unit, state, overdue, page, pageSize) is { } cases
            ? TypedResults.Ok(cases)
            : UnitsApi.UnknownUnit(unit);
    }

    private static string CaseLocation(string id) => $"/api/cases/{Uri.EscapeDataString(id)}";

    private static ProblemHttpResult UnknownCase(string id) => JsonBody.Problem(StatusCodes.Status404NotFound, $"事件 {id} 不存在。");
}

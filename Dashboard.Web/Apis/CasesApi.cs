using System.Net.Mime;
using Dashboard.Web.Accounts;
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
        api.MapPost("", PostCase).Accepts<CaseRequest>(MediaTypeNames.Application.Json).ProducesWriteProblems();
        api.MapPost("/{id}/actions", PostAction).Accepts<CaseActionRequest>(MediaTypeNames.Application.Json).ProducesWriteProblems()
            .ProducesProblems(StatusCodes.Status404NotFound);
        api.MapGet("/{id}", GetCase).ProducesCallerProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapGet("", ListCases).ProducesCallerProblems().ProducesProblems(StatusCodes.Status403Forbidden)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters = CaseListQuery.Parameters();
                return Task.CompletedTask;
            });
        return app;
    }

    /// <summary>Creates a case: 202 once durably stored, 200 for a repeat; 403 for another grid or worker than the caller's.</summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostCase(
        HttpRequest request, AccessScope scope, IngestionService ingestion, CancellationToken cancellationToken)
    {
        var body = await WriteAnswers.ReadAsync<CaseRequest, NewCase>(request, CaseValidator.Validate, cancellationToken);
        if (!body.IsValid)
        {
            return body.Refusal;
        }

        var newCase = body.Record;
        if (!scope.CanReport(newCase.GridId, newCase.WorkerId))
        {
            return Forbidden.Report(newCase.GridId, newCase.WorkerId);
        }

        return WriteAnswers.ToResult(await ingestion.SubmitCaseAsync(newCase, cancellationToken), newCase.Id, CaseLocation(newCase.Id));
    }

    /// <summary>
    /// Applies an action to a case: 202, 200 for a repeat of the action id, 409 for an illegal transition; 404 for an
    /// unknown case, 403 for a case outside the caller's scope, a worker naming someone else in <c>by</c>, or an urge
    /// (督办) by anyone but a leader or an administrator.
    /// </summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostAction(
        string id, HttpRequest request, AccessScope scope, CaseQueries cases, IngestionService ingestion, CancellationToken cancellationToken)
    {
        if (!FieldErrors.IsId(id))
        {
            return UnknownCase(id);
        }

        var body = await WriteAnswers.ReadAsync<CaseActionRequest, CaseAction>(request, request => CaseActionValidator.Validate(id, request), cancellationToken);
        if (!body.IsValid)
        {
            return body.Refusal;
        }

        var action = body.Record;
        if (await RefusalOfAsync(action, scope, cases) is { } refusal)
        {
            return refusal;
        }

        return WriteAnswers.ToResult(await ingestion.SubmitCaseActionAsync(action, cancellationToken), action.Id, CaseLocation(id));
    }

    /// <summary>The case with its history: people's business, so only where the caller may see people (never a display).</summary>
    public static async Task<Results<Ok<CaseView>, ProblemHttpResult>> GetCase(string id, AccessScope scope, CaseQueries queries)
    {
        if (!FieldErrors.IsId(id) || await queries.GetAsync(id) is not { } view)
        {
            return UnknownCase(id);
        }

        return scope.CanSeePeople(view.GridId) ? TypedResults.Ok(view) : Forbidden.Case(id);
    }

    /// <summary>
    /// The cases in a unit's subtree (the caller's own unit, or the root for an administrator, when no unit is given)
    /// that pass the query's filters, newest first or most urgent first, one page.
    /// </summary>
    public static async Task<Results<Ok<CasePage>, ProblemHttpResult, ValidationProblem>> ListCases(
        HttpRequest request, AccessScope scope, CaseQueries queries, OrganisationTree organisation)
    {
        var query = CaseListQuery.Parse(request.Query, scope.UnitId ?? organisation.Root.Id);
        if (!query.IsValid)
        {
            return WriteAnswers.Invalid(query.Errors);
        }

        var (unit, filter, order, page, pageSize) = query.Value;
        if (!scope.CanSeePeople(unit))
        {
            return Forbidden.People(unit);
        }

        return await queries.ListAsync(unit, filter, order, page, pageSize) is { } cases
            ? TypedResults.Ok(cases)
            : UnitsApi.UnknownUnit(unit);
    }

    // A case's scope is its grid, so the case is looked up first: an unknown case answers 404 to everyone. An
    // administrator may act on any case and needs no lookup; the case's grain then answers 404 itself. An urge is a
    // leader's demand: refused by role before the lookup, so it tells nobody else whether the case exists.
    private static async ValueTask<ProblemHttpResult?> RefusalOfAsync(CaseAction action, AccessScope scope, CaseQueries cases)
    {
        if (scope.IsAdmin)
        {
            return null;
        }

        if (action.Action == CaseActionKind.Urge && scope.Role != Roles.Leader)
        {
            return Forbidden.Urge(action.CaseId);
        }

        if (await cases.GetAsync(action.CaseId) is not { } found)
        {
            return UnknownCase(action.CaseId);
        }

        if (!scope.CanActOnCase(found.GridId))
        {
            return Forbidden.CaseAction(action.CaseId);
        }

        return scope.Role == Roles.Worker && action.By != scope.WorkerId ? Forbidden.ActingAsOther(scope.WorkerId ?? "") : null;
    }

    private static string CaseLocation(string id) => $"/api/cases/{Uri.EscapeDataString(id)}";

    private static ProblemHttpResult UnknownCase(string id) => Problems.Result(StatusCodes.Status404NotFound, $"事件 {id} 不存在。");
}

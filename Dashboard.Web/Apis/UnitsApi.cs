using Dashboard.Web.Accounts;
using Dashboard.Web.Live;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>
/// The units of the organisation and their numbers (spec 3, 3.1), each within the caller's scope: a unit outside it
/// answers 403, and so does an unknown one to anyone but an administrator, since it cannot lie in a scope.
/// </summary>
public static class UnitsApi
{
    /// <summary>Maps <c>/api/units</c>.</summary>
    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/units").WithTags("Units").ProducesCallerProblems();
        api.MapGet("", GetUnits);
        var unit = api.MapGroup("/{id}").ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        unit.MapGet("", GetUnit);
        unit.MapGet("/metrics", GetMetrics);
        unit.MapGet("/workers", GetWorkers);
        unit.MapGet("/activity", GetActivity);
        return app;
    }

    /// <summary>The units the caller may read, depth first from the top of their scope.</summary>
    public static Ok<IReadOnlyList<Unit>> GetUnits(AccessScope scope) =>
        TypedResults.Ok<IReadOnlyList<Unit>>([.. scope.VisibleUnits()]);

    /// <summary>One unit with its children.</summary>
    public static Results<Ok<UnitDetail>, ProblemHttpResult> GetUnit(string id, AccessScope scope, OrganisationTree organisation)
    {
        if (!scope.CanRead(id))
        {
            return Forbidden.Unit(id);
        }

        return organisation.FindUnit(id) is { } unit
            ? TypedResults.Ok(new UnitDetail(unit.Id, unit.Name, unit.Level, unit.ParentId, organisation.ChildrenOf(unit.Id)))
            : UnknownUnit(id);
    }

    /// <summary>The unit's snapshot.</summary>
    public static async Task<Results<Ok<UnitSnapshot>, ProblemHttpResult>> GetMetrics(
        string id, AccessScope scope, UnitQueries queries)
    {
        if (!scope.CanRead(id))
        {
            return Forbidden.Unit(id);
        }

        return await queries.GetSnapshotAsync(id) is { } snapshot ? TypedResults.Ok(snapshot) : UnknownUnit(id);
    }

    /// <summary>The workers in the unit's subtree with their presence now: people, so never for a display.</summary>
    public static async Task<Results<Ok<IReadOnlyList<WorkerView>>, ProblemHttpResult>> GetWorkers(
        string id, AccessScope scope, UnitQueries queries)
    {
        if (!scope.CanSeePeople(id))
        {
            return Forbidden.People(id);
        }

        return await queries.GetWorkersAsync(id) is { } workers ? TypedResults.Ok(workers) : UnknownUnit(id);
    }

    /// <summary>The latest activity in the unit's subtree, oldest first, so a page shows a feed before the first push.</summary>
    public static Results<Ok<IReadOnlyList<ActivityItem>>, ProblemHttpResult> GetActivity(
        string id, AccessScope scope, OrganisationTree organisation, RecentActivity recent)
    {
        if (!scope.CanRead(id))
        {
            return Forbidden.Unit(id);
        }

        return organisation.FindUnit(id) is null ? UnknownUnit(id) : TypedResults.Ok(recent.Of(id));
    }

    internal static ProblemHttpResult UnknownUnit(string id) => Problems.Result(StatusCodes.Status404NotFound, $"单位 {id} 不存在。");
}

/// <summary>A unit with its children, as <c>GET /api/units/{id}</c> answers.</summary>
public sealed record UnitDetail(string Id, string Name, UnitLevel Level, string? ParentId, IReadOnlyList<Unit> Children);

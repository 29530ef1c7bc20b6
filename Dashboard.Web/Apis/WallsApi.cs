using System.Net.Mime;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis.Validation;
using Dashboard.Web.Live;
using Grains.Interfaces;
using Grains.Organisation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Apis;

/// <summary>
/// Wall operations (issue 13, section 3): banners to the walls of a subtree, reload orders and the connected walls.
/// Administrators anywhere, a leader within their subtree; displays and workers get 403.
/// </summary>
public static class WallsApi
{
    /// <summary>Maps <c>/api/walls</c>.</summary>
    public static IEndpointRouteBuilder MapWallsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/walls").WithTags("Walls");
        api.MapGet("", ListWalls).ProducesCallerProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("/banners", PostBanner).Accepts<BannerRequest>(MediaTypeNames.Application.Json).ProducesWriteProblems();
        api.MapGet("/banners", ListBanners).ProducesCallerProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapDelete("/banners/{id}", WithdrawBanner).ProducesCallerProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        api.MapPost("/reload", PostReload).Accepts<ReloadRequest>(MediaTypeNames.Application.Json).ProducesWriteProblems();
        return app;
    }

    /// <summary>Sends a banner to the walls of a unit's subtree: 202, 200 for a repeat of its id and content, 409 for its id with other content.</summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostBanner(
        HttpRequest request, AccessScope scope, OrganisationTree organisation, TimeProvider time, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var body = await WriteAnswers.ReadAsync<BannerRequest, WallBanner>(
            request, banner => WallOrderValidator.Banner(banner, organisation, time.GetUtcNow(), scope.AccountId ?? ""), cancellationToken);
        if (!body.IsValid)
        {
            return body.Refusal;
        }

        var banner = body.Record;
        if (!scope.CanCommandWalls(banner.UnitId))
        {
            return Refused(banner.UnitId);
        }

        return WriteAnswers.ToResult(await grains.GetGrain<IWallBroadcastGrain>(0).SendBannerAsync(banner), banner.Id);
    }

    /// <summary>Withdraws a banner (撤回): 202, 200 when already withdrawn; 404 for an unknown banner.</summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> WithdrawBanner(
        string id, AccessScope scope, OrganisationTree organisation, TimeProvider time, IGrainFactory grains)
    {
        if (!MayCommandAnyWalls(scope, organisation))
        {
            return Refused(scope.UnitId ?? organisation.Root.Id);
        }

        var broadcast = grains.GetGrain<IWallBroadcastGrain>(0);
        if (!FieldErrors.IsId(id) || await broadcast.FindBannerAsync(id) is not { } banner)
        {
            return Problems.Result(StatusCodes.Status404NotFound, $"横幅 {id} 不存在。");
        }

        if (!scope.CanCommandWalls(banner.UnitId))
        {
            return Refused(banner.UnitId);
        }

        return WriteAnswers.ToResult(await broadcast.WithdrawBannerAsync(new BannerWithdrawal(id, scope.AccountId ?? "", time.GetUtcNow())), id);
    }

    /// <summary>
    /// The active banners that show on the walls of <paramref name="unitId"/> (default: the top of the caller's scope)
    /// or below it, newest first: those sent to it, to the units above it and to the units below it.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<WallBanner>>, ProblemHttpResult>> ListBanners(
        string? unitId, AccessScope scope, OrganisationTree organisation, IGrainFactory grains)
    {
        if (ListRefusal(unitId, scope, organisation) is { } refusal)
        {
            return refusal;
        }

        var unit = unitId ?? scope.UnitId ?? organisation.Root.Id;
        var active = await grains.GetGrain<IWallBroadcastGrain>(0).ActiveBannersAsync();
        return TypedResults.Ok<IReadOnlyList<WallBanner>>(
            [.. active.Where(banner => organisation.IsWithin(unit, banner.UnitId) || organisation.IsWithin(banner.UnitId, unit))]);
    }

    /// <summary>Orders the walls of a unit's subtree to reload within a window: 202, 200 for a repeat of a recent order.</summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> PostReload(
        HttpRequest request, AccessScope scope, OrganisationTree organisation, TimeProvider time, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var body = await WriteAnswers.ReadAsync<ReloadRequest, ReloadOrder>(
            request, order => WallOrderValidator.Reload(order, organisation, time.GetUtcNow(), scope.AccountId ?? ""), cancellationToken);
        if (!body.IsValid)
        {
            return body.Refusal;
        }

        var order = body.Record;
        if (!scope.CanCommandWalls(order.UnitId))
        {
            return Refused(order.UnitId);
        }

        return WriteAnswers.ToResult(await grains.GetGrain<IWallBroadcastGrain>(0).ReloadAsync(order), order.Id);
    }

    /// <summary>
    /// The walls connected to the cluster that show <paramref name="unitId"/> (default: the top of the caller's scope)
    /// or a unit below it, longest connected first, each online or silent (失联: no heartbeat for <c>Walls:SilentAfterSeconds</c>).
    /// An administrator's whole list also has the walls that have not subscribed to a unit yet.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<WallView>>, ProblemHttpResult>> ListWalls(
        string? unitId,
        AccessScope scope,
        OrganisationTree organisation,
        IGrainFactory grains,
        WallOperations operations,
        TimeProvider time,
        IOptions<WallOptions> options)
    {
        if (ListRefusal(unitId, scope, organisation) is { } refusal)
        {
            return refusal;
        }

        var unit = unitId ?? scope.UnitId ?? organisation.Root.Id;
        var everything = scope.IsAdmin && unit == organisation.Root.Id;
        var silentBefore = time.GetUtcNow() - options.Value.SilentAfter;
        await operations.ReportNowAsync();
        var walls = await grains.GetGrain<IWallRosterGrain>(0).ListAsync();
        return TypedResults.Ok<IReadOnlyList<WallView>>(
        [
            .. walls.Where(wall => wall.UnitId is { } shown ? organisation.IsWithin(shown, unit) : everything)
                .Select(wall => new WallView(
                    wall.ConnectionId,
                    wall.Account,
                    wall.UnitId,
                    wall.UnitId is { } shown ? organisation.FindUnit(shown)?.Name : null,
                    wall.Since,
                    wall.LastPushReceived,
                    wall.LastHeard,
                    wall.LastHeard < silentBefore ? WallStatus.Silent : WallStatus.Online)),
        ]);
    }

    /// <summary>Whether the caller may command any walls at all: an administrator, or a leader.</summary>
    private static bool MayCommandAnyWalls(AccessScope scope, OrganisationTree organisation) =>
        scope.CanCommandWalls(scope.UnitId ?? organisation.Root.Id);

    /// <summary>The refusal of a list's unit: 403 outside the caller's scope (a display or worker always), 404 when unknown.</summary>
    private static ProblemHttpResult? ListRefusal(string? unitId, AccessScope scope, OrganisationTree organisation)
    {
        if (!MayCommandAnyWalls(scope, organisation) || (unitId is not null && !scope.CanCommandWalls(unitId)))
        {
            return Refused(unitId ?? scope.UnitId ?? organisation.Root.Id);
        }

        return unitId is not null && organisation.FindUnit(unitId) is null
            ? Problems.Result(StatusCodes.Status404NotFound, $"单位 {unitId} 不存在。")
            : null;
    }

    private static ProblemHttpResult Refused(string unitId) =>
        Forbidden.Problem($"无权管理单位 {unitId} 的大屏：只有管理员和该单位或其上级单位的领导可以，未做任何修改。");
}

/// <summary>Whether a connected wall is heard from.</summary>
public enum WallStatus
{
    /// <summary>在线: a heartbeat within <c>Walls:SilentAfterSeconds</c>.</summary>
    Online,

    /// <summary>失联: no heartbeat for longer.</summary>
    Silent,
}

/// <summary>A connected wall as the operations page lists it.</summary>
public sealed record WallView(
    string ConnectionId,
    string Account,
    string? UnitId,
    string? UnitName,
    DateTimeOffset Since,
    DateTimeOffset? LastPushReceived,
    DateTimeOffset LastHeard,
    WallStatus Status);

using System.Net.Mime;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis.Validation;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Storage;

namespace Dashboard.Web.Apis;

/// <summary>
/// The organisation managed live, for administrators (issue 13): the tree with its workers, their phones and the
/// retired ones; the changes, each applied as a whole by <see cref="IOrganisationGrain"/>; and the audit list of them.
/// </summary>
public static class OrganisationApi
{
    /// <summary>How many changes a page of the audit list holds.</summary>
    public const int PageSize = 50;

    /// <summary>Maps <c>/api/organisation</c>, for administrators only.</summary>
    public static IEndpointRouteBuilder MapOrganisationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisation").WithTags("Organisation").RequireAuthorization(AccountsExtensions.AdminPolicy)
            .ProducesCallerProblems().ProducesProblems(StatusCodes.Status403Forbidden);
        api.MapGet("", GetOrganisation);
        api.MapPost("/changes", PostChange).Accepts<OrganisationChangeRequest>(MediaTypeNames.Application.Json).ProducesWriteProblems();
        api.MapGet("/changes", GetChanges).ProducesProblems(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>The whole tree from the root, each grid with its workers (active and retired, with their phones), and the version.</summary>
    public static Ok<OrganisationView> GetOrganisation(OrganisationTree organisation)
    {
        var retired = organisation.RetiredWorkers.ToLookup(worker => worker.GridId, StringComparer.Ordinal);
        OrganisationUnitView View(Unit unit) => new(
            unit.Id,
            unit.Name,
            unit.Level,
            unit.ParentId,
            [.. organisation.ChildrenOf(unit.Id).Select(View)],
            [
                .. organisation.WorkersOf(unit.Id).Select(worker => WorkerView(organisation, worker, retired: false)),
                .. retired[unit.Id].Select(worker => WorkerView(organisation, worker, retired: true)),
            ]);

        // Read once: a change applied meanwhile shows in the next answer, with its version.
        var version = organisation.Version;
        return TypedResults.Ok(new OrganisationView(version, View(organisation.Root)));
    }

    /// <summary>
    /// Applies a change as a whole: 200 <c>{status: "applied", version}</c>; 200 <c>duplicate</c> for a repeat (same id,
    /// same operations); 409 for the same id with other operations; 400 with the problems by field path, nothing changed.
    /// </summary>
    public static async Task<Results<Ok<OrganisationChangeAnswer>, ProblemHttpResult, ValidationProblem>> PostChange(
        HttpRequest request, AccessScope scope, IGrainFactory grains, OrganisationFollower follower, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<OrganisationChangeRequest>(request, JsonBody.BatchLimit, cancellationToken);
        if (!body.Succeeded)
        {
            return body.Problem;
        }

        var change = OrganisationChangeValidator.Validate(body.Value, scope.AccountId ?? "", time.GetUtcNow());
        if (!change.IsValid)
        {
            return WriteAnswers.Invalid(change.Errors);
        }

        var result = await grains.GetGrain<IOrganisationGrain>(0).ApplyAsync(change.Value);
        if (result.Status is OrganisationChangeStatus.Applied or OrganisationChangeStatus.Duplicate)
        {
            // The grain may live on another silo: this node's tree has the change before the answer, so the client's next
            // read here sees it.
            await follower.ReachAsync(result.Version, cancellationToken);
        }

        return result.Status switch
        {
            OrganisationChangeStatus.Applied => TypedResults.Ok(new OrganisationChangeAnswer(change.Value.Id, "applied", result.Version)),
            OrganisationChangeStatus.Duplicate => TypedResults.Ok(new OrganisationChangeAnswer(change.Value.Id, WriteAnswer.DuplicateStatus, result.Version)),
            OrganisationChangeStatus.Conflict => Problems.Result(
                StatusCodes.Status409Conflict,
                $"变更编号 {change.Value.Id} 已被内容不同的另一项变更使用，未做任何修改。 / another change has this id; nothing changed"),
            _ => WriteAnswers.Invalid(result.Problems.GroupBy(problem => problem.Field).ToDictionary(field => field.Key, field => field.Select(problem => problem.Message).ToArray())),
        };
    }

    /// <summary>The audit list: the stored changes, newest first, <see cref="PageSize"/> a page (<c>?page=</c>, from 1).</summary>
    public static async Task<Results<Ok<OrganisationChangePage>, ValidationProblem>> GetChanges(HttpRequest request, IEventLog log, CancellationToken cancellationToken)
    {
        var page = 1;
        if (request.Query["page"] is { Count: > 0 } text && (!int.TryParse(text, out page) || page < 1))
        {
            return WriteAnswers.Invalid("page", "页码必须是不小于 1 的整数 / page must be a whole number of at least 1");
        }

        var entries = (await log.ReadStreamAsync(LogPayloads.OrganisationStream, cancellationToken: cancellationToken)).Entries;
        var items = entries
            .Reverse()
            .Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * PageSize))
            .Take(PageSize)
            .Select(entry => (entry.Sequence, Change: LogPayloads.ReadOrganisationChange(entry.Payload)))
            .Select(stored => new OrganisationChangeEntry(stored.Change.Id, stored.Sequence, stored.Change.By, stored.Change.At, stored.Change.Operations));
        return TypedResults.Ok(new OrganisationChangePage([.. items], entries.Count, page, PageSize));
    }

    private static OrganisationWorkerView WorkerView(OrganisationTree organisation, Worker worker, bool retired) =>
        new(worker.Id, worker.Name, worker.GridId, organisation.PhoneOf(worker.Id), retired);
}

/// <summary>The organisation as an administrator sees it: its version (the log sequence of the last change) and the tree.</summary>
public sealed record OrganisationView(long Version, OrganisationUnitView Root);

/// <summary>A unit with its children and, for a grid, its workers.</summary>
public sealed record OrganisationUnitView(
    string Id, string Name, UnitLevel Level, string? ParentId, IReadOnlyList<OrganisationUnitView> Children, IReadOnlyList<OrganisationWorkerView> Workers);

/// <summary>A worker with the phone (手机号, administrators only) and whether they retired (离职).</summary>
public sealed record OrganisationWorkerView(string Id, string Name, string GridId, string? Phone, bool Retired);

/// <summary>The answer to a change: its id, <c>applied</c> or <c>duplicate</c>, and the organisation's version after it.</summary>
public sealed record OrganisationChangeAnswer(string Id, string Status, long Version);

/// <summary>A stored change in the audit list: who made it when, and its operations; its version is its log sequence.</summary>
public sealed record OrganisationChangeEntry(string Id, long Version, string By, DateTimeOffset At, IReadOnlyList<OrganisationOperation> Operations);

/// <summary>A page of the audit list, newest first.</summary>
public sealed record OrganisationChangePage(IReadOnlyList<OrganisationChangeEntry> Items, int Total, int Page, int PageSize);

using Grains.Interfaces;
using Grains.Storage;
using Grains.Units;
using Orleans;
using Storage;

namespace Grains.Organisation;

/// <summary>
/// Applies the organisation's changes, one at a time (issue 13): brings its silo's tree up to the log, checks the
/// change against it, stores it (its sequence is the organisation's new version), applies it to the tree and tells the
/// units it touches, which sum themselves afresh. A repeat of a change (same id, same operations, whoever sends it
/// when) is a duplicate; the same id with other operations a conflict.
/// </summary>
public sealed class OrganisationGrain(OrganisationTree organisation, OrganisationFollower follower, IEventLog log, UnitReferences units)
    : Grain, IOrganisationGrain
{
    /// <inheritdoc />
    public async Task<OrganisationChangeResult> ApplyAsync(OrganisationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await follower.CatchUpAsync(CancellationToken.None);
        if (follower.Find(change.Id) is { } stored)
        {
            return Answer(stored.Matches(change) ? OrganisationChangeStatus.Duplicate : OrganisationChangeStatus.Conflict);
        }

        var problems = organisation.Check(change);
        if (problems.Count == 0)
        {
            problems = await OpenCasesOfRetiredGridsAsync(change);
        }

        if (problems.Count > 0)
        {
            return new OrganisationChangeResult(OrganisationChangeStatus.Invalid, organisation.Version, problems);
        }

        var (moved, parents) = TouchedBefore(change);
        var appended = (await log.AppendAsync([LogPayloads.ToEntry(change)]))[0];
        if (appended.Status != AppendStatus.Appended)
        {
            // Stored meanwhile by an activation of this grain elsewhere (on a silo declared dead a moment ago).
            await follower.CatchUpAsync(CancellationToken.None);
            return Answer(appended.Status == AppendStatus.Duplicate ? OrganisationChangeStatus.Duplicate : OrganisationChangeStatus.Conflict);
        }

        follower.Apply(change, appended.Sequence);

        // The units that moved or arrived first, together, so that their updates go to their new parents; then the
        // parents that lose or gain a child. A retired unit is told nothing: its parent leaves it out.
        var told = new HashSet<string>(StringComparer.Ordinal);
        await TellAsync(moved, told, appended.Sequence);
        await TellAsync(parents, told, appended.Sequence);
        return Answer(OrganisationChangeStatus.Applied);
    }

    /// <summary>
    /// A grid retired with open cases would take them out of every count above it while they still run: its cases are
    /// closed or cancelled first. Asked of the grids themselves, which hold their cases.
    /// </summary>
    private async Task<IReadOnlyList<OrganisationProblem>> OpenCasesOfRetiredGridsAsync(OrganisationChange change)
    {
        var problems = new List<OrganisationProblem>();
        for (var index = 0; index < change.Operations.Count; index++)
        {
            var operation = change.Operations[index];
            if (operation.Kind == OrganisationOperationKind.RetireUnit
                && organisation.FindUnit(operation.Id) is { Level: UnitLevel.Grid } grid
                && (await units.Of(grid).GetSnapshotAsync()).Cases.Open is var open and > 0)
            {
                problems.Add(new OrganisationProblem(
                    index,
                    $"operations[{index}].id",
                    $"网格 {grid.Name} 还有 {open} 件在办事件，结案或作废后才能撤销 / the grid still has {open} open cases: close or cancel them first"));
            }
        }

        return problems;
    }

    private Task TellAsync(IEnumerable<string> unitIds, HashSet<string> told, long version) =>
        Task.WhenAll(unitIds
            .Where(told.Add)
            .Select(organisation.FindUnit)
            .OfType<Unit>()
            .Select(unit => units.Of(unit).OrganisationChangedAsync(version)));

    private OrganisationChangeResult Answer(OrganisationChangeStatus status) => new(status, organisation.Version, []);

    /// <summary>
    /// The ids of the units a change touches, worked out before it applies (where a unit or worker comes from): the
    /// units themselves, whose name, parent or workers change, and the parents that gain or lose a child.
    /// </summary>
    private (List<string> Moved, List<string> Parents) TouchedBefore(OrganisationChange change)
    {
        var moved = new List<string>();
        var parents = new List<string>();
        foreach (var operation in change.Operations)
        {
            switch (operation.Kind)
            {
                case OrganisationOperationKind.AddUnit:
                    moved.Add(operation.Id);
                    parents.Add(operation.ParentId!);
                    break;
                case OrganisationOperationKind.RenameUnit:
                    // The parent too: it keeps its children's names in its ranking.
                    moved.Add(operation.Id);
                    parents.AddRange(ParentBefore(operation.Id));
                    break;
                case OrganisationOperationKind.MoveUnit:
                    moved.Add(operation.Id);
                    parents.AddRange([.. ParentBefore(operation.Id), operation.ParentId!]);
                    break;
                case OrganisationOperationKind.RetireUnit:
                    parents.AddRange(ParentBefore(operation.Id));
                    break;
                case OrganisationOperationKind.AddWorker:
                case OrganisationOperationKind.MoveWorker:
                    moved.AddRange([.. GridBefore(operation.Id), operation.ParentId!]);
                    break;
                default:
                    moved.AddRange(GridBefore(operation.Id));
                    break;
            }
        }

        return (moved, parents);
    }

    // A unit or worker added earlier in the same change has no place before it; its first parent or grid is in the
    // change's own operations.
    private IEnumerable<string> ParentBefore(string unitId) =>
        organisation.FindUnit(unitId)?.ParentId is { } parentId ? [parentId] : [];

    private IEnumerable<string> GridBefore(string workerId) =>
        organisation.FindWorker(workerId) is { } worker && !organisation.IsRetired(workerId) ? [worker.GridId] : [];
}

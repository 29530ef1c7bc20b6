using Grains.Interfaces;

namespace Grains.Organisation;

/// <summary>
/// The rules of an organisation change (issue 13): given the organisation and a change, the next organisation or the
/// problems, each with its operation's index and field path (<c>operations[2].parentId</c>) and a message in Chinese,
/// then English. Operations apply in order, each seeing those before it, so one change can add a street, its
/// communities, their grids and the grids' workers. Pure: the state given is never changed.
/// </summary>
internal static class OrganisationEdit
{
    /// <summary>The most operations in one change.</summary>
    public const int MaxOperations = 10_000;

    /// <summary>The members an operation of each kind may carry besides its id.</summary>
    private static readonly Dictionary<OrganisationOperationKind, string[]> Members = new()
    {
        [OrganisationOperationKind.AddUnit] = ["name", "level", "parentId"],
        [OrganisationOperationKind.RenameUnit] = ["name"],
        [OrganisationOperationKind.MoveUnit] = ["parentId"],
        [OrganisationOperationKind.RetireUnit] = [],
        [OrganisationOperationKind.AddWorker] = ["name", "parentId", "phone"],
        [OrganisationOperationKind.UpdateWorker] = ["name", "phone"],
        [OrganisationOperationKind.MoveWorker] = ["parentId"],
        [OrganisationOperationKind.RetireWorker] = [],
    };

    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="state"/>: the next state at <paramref name="version"/> and
    /// no problems, or no state and every problem found (an operation after a refused one is checked against the
    /// organisation as far as it got).
    /// </summary>
    public static (OrganisationState? State, IReadOnlyList<OrganisationProblem> Problems) Apply(
        OrganisationState state, OrganisationChange change, long version)
    {
        var (draft, problems) = Edit(state, change);
        return problems.Count == 0 ? (draft!.Build(version), problems) : (null, problems);
    }

    /// <summary>The problems of <paramref name="change"/> applied to <paramref name="state"/>, without building the next state.</summary>
    public static IReadOnlyList<OrganisationProblem> Check(OrganisationState state, OrganisationChange change) => Edit(state, change).Problems;

    private static (OrganisationDraft? Draft, List<OrganisationProblem> Problems) Edit(OrganisationState state, OrganisationChange change)
    {
        var problems = new List<OrganisationProblem>();
        if (OrganisationRules.IdProblem(change.Id, "变更编号", "change id") is { } idProblem)
        {
            problems.Add(new OrganisationProblem(-1, "id", idProblem));
        }

        if (change.Operations is not { Count: > 0 and <= MaxOperations })
        {
            problems.Add(new OrganisationProblem(-1, "operations", $"变更须有 1 到 {MaxOperations} 项操作 / a change has 1 to {MaxOperations} operations"));
            return (null, problems);
        }

        var draft = OrganisationDraft.Of(state);
        for (var index = 0; index < change.Operations.Count; index++)
        {
            var operation = change.Operations[index];
            var before = problems.Count;
            Check(draft, operation, index, problems);
            if (problems.Count == before)
            {
                Apply(draft, operation);
            }
        }

        return (draft, problems);
    }

    private static void Check(OrganisationDraft draft, OrganisationOperation operation, int index, List<OrganisationProblem> problems)
    {
        void Problem(string field, string message) => problems.Add(new OrganisationProblem(index, $"operations[{index}].{field}", message));

        if (!Members.TryGetValue(operation.Kind, out var members))
        {
            Problem("kind", "未知的操作类型 / unknown kind of operation");
            return;
        }

        foreach (var (field, given) in new[] { ("name", operation.Name), ("level", operation.Level?.ToString()), ("parentId", operation.ParentId), ("phone", operation.Phone) })
        {
            if (given is not null && !members.Contains(field))
            {
                Problem(field, "此类操作不使用该字段 / not used by this kind of operation");
            }
        }

        var isUnit = operation.Kind is OrganisationOperationKind.AddUnit or OrganisationOperationKind.RenameUnit
            or OrganisationOperationKind.MoveUnit or OrganisationOperationKind.RetireUnit;
        if (OrganisationRules.IdProblem(operation.Id, isUnit ? "单位编号" : "网格员编号", isUnit ? "unit id" : "worker id") is { } idProblem)
        {
            Problem("id", idProblem);
            return;
        }

        if (members.Contains("name") && OrganisationRules.NameProblem(operation.Name) is { } nameProblem)
        {
            Problem("name", nameProblem);
        }

        if (members.Contains("phone") && OrganisationRules.PhoneProblem(operation.Phone) is { } phoneProblem)
        {
            Problem("phone", phoneProblem);
        }

        if (isUnit)
        {
            CheckUnit(draft, operation, Problem);
        }
        else
        {
            CheckWorker(draft, operation, Problem);
        }
    }

    private static void CheckUnit(OrganisationDraft draft, OrganisationOperation operation, Action<string, string> problem)
    {
        var id = operation.Id;
        var unit = draft.Units.GetValueOrDefault(id);
        if (operation.Kind == OrganisationOperationKind.AddUnit)
        {
            if (unit is not null || draft.RetiredUnits.ContainsKey(id))
            {
                problem("id", $"单位编号 \"{id}\" 已被{(unit is null ? "已撤销的单位" : "")}使用 / unit id \"{id}\" is taken{(unit is null ? " by a retired unit" : "")}");
            }

            if (operation.Level is not { } level)
            {
                problem("level", "缺少层级（street、community 或 grid） / missing level");
            }
            else if (ParentOf(draft, operation, problem) is { } parent && OrganisationRules.LevelUnder(parent) != level)
            {
                problem("level", LevelUnderProblem(level, parent));
            }

            return;
        }

        if (unit is null)
        {
            problem("id", $"单位 \"{id}\" 不存在{(draft.RetiredUnits.ContainsKey(id) ? "（已撤销）" : "")} / no unit \"{id}\"");
            return;
        }

        if (operation.Kind is OrganisationOperationKind.MoveUnit or OrganisationOperationKind.RetireUnit && unit.ParentId is null)
        {
            problem("id", "根单位不能调整或撤销 / the root can neither move nor retire");
            return;
        }

        if (operation.Kind == OrganisationOperationKind.MoveUnit && ParentOf(draft, operation, problem) is { } newParent)
        {
            if (OrganisationRules.LevelUnder(newParent) != unit.Level)
            {
                problem("parentId", LevelUnderProblem(unit.Level, newParent));
            }
            else if (newParent.Id == unit.ParentId)
            {
                problem("parentId", $"单位 \"{id}\" 已在 \"{newParent.Id}\" 之下 / the unit is already there");
            }
        }

        if (operation.Kind == OrganisationOperationKind.RetireUnit)
        {
            if (draft.Children.TryGetValue(id, out var children) && children.Count > 0)
            {
                problem("id", $"单位 \"{id}\" 还有 {children.Count} 个下级单位，须先调走或撤销 / the unit still has children");
            }

            if (draft.Workers.TryGetValue(id, out var workers) && workers.Count > 0)
            {
                problem("id", $"网格 \"{id}\" 还有 {workers.Count} 名网格员，须先调走或离职 / the grid still has workers");
            }
        }
    }

    private static void CheckWorker(OrganisationDraft draft, OrganisationOperation operation, Action<string, string> problem)
    {
        var id = operation.Id;
        var worker = draft.ActiveWorkers.GetValueOrDefault(id);
        if (operation.Kind == OrganisationOperationKind.AddWorker)
        {
            if (worker is not null || draft.RetiredWorkers.ContainsKey(id))
            {
                problem("id", $"网格员编号 \"{id}\" 已被{(worker is null ? "已离职的网格员" : "")}使用 / worker id \"{id}\" is taken{(worker is null ? " by a retired worker" : "")}");
            }
        }
        else if (worker is null)
        {
            problem("id", $"网格员 \"{id}\" 不存在{(draft.RetiredWorkers.ContainsKey(id) ? "（已离职）" : "")} / no active worker \"{id}\"");
            return;
        }

        if (operation.Kind is not (OrganisationOperationKind.AddWorker or OrganisationOperationKind.MoveWorker)
            || ParentOf(draft, operation, problem) is not { } grid)
        {
            return;
        }

        if (grid.Level != UnitLevel.Grid)
        {
            problem("parentId", $"网格员只属于网格，\"{grid.Id}\" 的层级为 \"{OrganisationRules.LevelName(grid.Level)}\" / workers belong to grids");
        }
        else if (worker is not null && operation.Kind == OrganisationOperationKind.MoveWorker && worker.GridId == grid.Id)
        {
            problem("parentId", $"网格员 \"{id}\" 已在网格 \"{grid.Id}\" / the worker is already there");
        }
    }

    /// <summary>The operation's parent unit, or null with the problem told.</summary>
    private static Unit? ParentOf(OrganisationDraft draft, OrganisationOperation operation, Action<string, string> problem)
    {
        if (operation.ParentId is not { } parentId)
        {
            problem("parentId", "缺少上级单位 / missing parentId");
            return null;
        }

        if (draft.Units.TryGetValue(parentId, out var parent))
        {
            return parent;
        }

        problem("parentId", $"上级单位 \"{parentId}\" 不存在 / no unit \"{parentId}\"");
        return null;
    }

    private static string LevelUnderProblem(UnitLevel level, Unit parent) =>
        OrganisationRules.LevelUnder(parent) is { } expected
            ? $"\"{parent.Id}\"（{OrganisationRules.LevelName(parent.Level)}）之下应为 {OrganisationRules.LevelName(expected)}，不能放 {OrganisationRules.LevelName(level)} / a {OrganisationRules.LevelName(level)} cannot be under a {OrganisationRules.LevelName(parent.Level)}"
            : $"网格 \"{parent.Id}\" 不能有下级单位 / a grid has no children";

    private static void Apply(OrganisationDraft draft, OrganisationOperation operation)
    {
        switch (operation.Kind)
        {
            case OrganisationOperationKind.AddUnit:
                draft.Add(new Unit(operation.Id, operation.Name!, operation.Level!.Value, operation.ParentId));
                break;
            case OrganisationOperationKind.RenameUnit:
                draft.Replace(draft.Units[operation.Id] with { Name = operation.Name! });
                break;
            case OrganisationOperationKind.MoveUnit:
                draft.Replace(draft.Units[operation.Id] with { ParentId = operation.ParentId });
                break;
            case OrganisationOperationKind.RetireUnit:
                draft.Retire(draft.Units[operation.Id]);
                break;
            case OrganisationOperationKind.AddWorker:
                draft.Add(new Worker(operation.Id, operation.Name!, operation.ParentId!));
                draft.SetPhone(operation.Id, operation.Phone);
                break;
            case OrganisationOperationKind.UpdateWorker:
                draft.Replace(draft.ActiveWorkers[operation.Id] with { Name = operation.Name! });
                draft.SetPhone(operation.Id, operation.Phone);
                break;
            case OrganisationOperationKind.MoveWorker:
                draft.Replace(draft.ActiveWorkers[operation.Id] with { GridId = operation.ParentId! });
                break;
            default:
                draft.Retire(draft.ActiveWorkers[operation.Id]);
                break;
        }
    }
}

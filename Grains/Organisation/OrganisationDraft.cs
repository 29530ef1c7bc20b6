using Grains.Interfaces;

namespace Grains.Organisation;

/// <summary>
/// An organisation being edited: plain dictionaries and lists, copied from a state (or read from the file) and built
/// into the next state once every operation of a change is in (<see cref="Build"/>).
/// </summary>
internal sealed class OrganisationDraft
{
    private OrganisationDraft(Unit root) => Root = root;

    public Unit Root { get; }

    public Dictionary<string, Unit> Units { get; } = new(StringComparer.Ordinal);

    /// <summary>The children of each community, street and district, in order.</summary>
    public Dictionary<string, List<Unit>> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>The active workers of each grid, in order.</summary>
    public Dictionary<string, List<Worker>> Workers { get; } = new(StringComparer.Ordinal);

    /// <summary>The active workers, by id.</summary>
    public Dictionary<string, Worker> ActiveWorkers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Worker> RetiredWorkers { get; private init; } = new(StringComparer.Ordinal);

    public Dictionary<string, Unit> RetiredUnits { get; private init; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Phones { get; private init; } = new(StringComparer.Ordinal);

    /// <summary>A draft of units (parents before their children, siblings in order) and workers (in order).</summary>
    public static OrganisationDraft Of(IReadOnlyList<Unit> units, IReadOnlyList<Worker> workers)
    {
        var draft = new OrganisationDraft(units[0]);
        foreach (var unit in units)
        {
            draft.Add(unit);
        }

        foreach (var worker in workers)
        {
            draft.Add(worker);
        }

        return draft;
    }

    /// <summary>A draft of <paramref name="state"/>, to edit.</summary>
    public static OrganisationDraft Of(OrganisationState state)
    {
        var draft = new OrganisationDraft(state.Units[0])
        {
            RetiredWorkers = new(state.RetiredWorkers, StringComparer.Ordinal),
            RetiredUnits = new(state.RetiredUnits, StringComparer.Ordinal),
            Phones = new(state.Phones, StringComparer.Ordinal),
        };
        draft.Units.EnsureCapacity(state.Units.Length);
        draft.ActiveWorkers.EnsureCapacity(state.Workers.Length);
        foreach (var unit in state.Units)
        {
            draft.Units.Add(unit.Id, unit);
            var entry = state.Entries[unit.Id];
            if (unit.Level == UnitLevel.Grid)
            {
                draft.Workers.Add(unit.Id, [.. entry.Workers]);
            }
            else
            {
                draft.Children.Add(unit.Id, [.. entry.Children]);
            }
        }

        foreach (var worker in state.Workers)
        {
            draft.ActiveWorkers.Add(worker.Id, worker);
        }

        return draft;
    }

    /// <summary>Adds a unit as the last child of its parent.</summary>
    public void Add(Unit unit)
    {
        Units.Add(unit.Id, unit);
        if (unit.Level == UnitLevel.Grid)
        {
            Workers.Add(unit.Id, []);
        }
        else
        {
            Children.Add(unit.Id, []);
        }

        if (unit.ParentId is { } parentId)
        {
            Children[parentId].Add(unit);
        }
    }

    /// <summary>Replaces a unit by <paramref name="unit"/> (a new name or parent): as the last child of a new parent, in its place under the same one.</summary>
    public void Replace(Unit unit)
    {
        var old = Units[unit.Id];
        Units[unit.Id] = unit;
        if (old.ParentId is not { } oldParent)
        {
            return;
        }

        var siblings = Children[oldParent];
        var index = siblings.FindIndex(sibling => sibling.Id == unit.Id);
        if (oldParent == unit.ParentId)
        {
            siblings[index] = unit;
        }
        else
        {
            siblings.RemoveAt(index);
            Children[unit.ParentId!].Add(unit);
        }
    }

    /// <summary>Retires a unit that has no children and no active workers left.</summary>
    public void Retire(Unit unit)
    {
        Units.Remove(unit.Id);
        Children.Remove(unit.Id);
        Workers.Remove(unit.Id);
        Children[unit.ParentId!].RemoveAll(sibling => sibling.Id == unit.Id);
        RetiredUnits[unit.Id] = unit;
    }

    /// <summary>Adds an active worker as the last of its grid.</summary>
    public void Add(Worker worker)
    {
        ActiveWorkers.Add(worker.Id, worker);
        Workers[worker.GridId].Add(worker);
    }

    /// <summary>Replaces an active worker by <paramref name="worker"/> (a new name or grid).</summary>
    public void Replace(Worker worker)
    {
        var old = ActiveWorkers[worker.Id];
        ActiveWorkers[worker.Id] = worker;
        var colleagues = Workers[old.GridId];
        var index = colleagues.FindIndex(colleague => colleague.Id == worker.Id);
        if (old.GridId == worker.GridId)
        {
            colleagues[index] = worker;
        }
        else
        {
            colleagues.RemoveAt(index);
            Workers[worker.GridId].Add(worker);
        }
    }

    /// <summary>Retires an active worker: out of the grid, kept by id for the history.</summary>
    public void Retire(Worker worker)
    {
        ActiveWorkers.Remove(worker.Id);
        Workers[worker.GridId].RemoveAll(colleague => colleague.Id == worker.Id);
        RetiredWorkers[worker.Id] = worker;
    }

    /// <summary>Sets or (null) removes a worker's phone.</summary>
    public void SetPhone(string workerId, string? phone)
    {
        if (phone is null)
        {
            Phones.Remove(workerId);
        }
        else
        {
            Phones[workerId] = phone;
        }
    }

    /// <summary>The state the draft describes, at <paramref name="version"/>: units and grids depth first from the root.</summary>
    public OrganisationState Build(long version)
    {
        var units = new List<Unit>(Units.Count);
        var grids = new List<Unit>();
        var workers = new List<Worker>(ActiveWorkers.Count);
        var entries = new Dictionary<string, OrganisationState.UnitEntry>(Units.Count, StringComparer.Ordinal);
        var stack = new Stack<(Unit Unit, bool Leaving)>();
        // The root as the operations left it (a rename replaces it in Units only).
        stack.Push((Units[Root.Id], false));
        while (stack.TryPop(out var next))
        {
            var (unit, leaving) = next;
            if (leaving)
            {
                entries[unit.Id].GridCount = grids.Count - entries[unit.Id].FirstGrid;
                continue;
            }

            var entry = new OrganisationState.UnitEntry(unit) { FirstGrid = grids.Count };
            units.Add(unit);
            entries.Add(unit.Id, entry);
            if (unit.Level == UnitLevel.Grid)
            {
                grids.Add(unit);
                entry.Workers = [.. Workers[unit.Id]];
                entry.GridCount = 1;
                workers.AddRange(entry.Workers);
                continue;
            }

            var children = Children[unit.Id];
            entry.Children = [.. children];
            stack.Push((unit, true));
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push((children[i], false));
            }
        }

        var byId = new Dictionary<string, Worker>(workers.Count + RetiredWorkers.Count, StringComparer.Ordinal);
        foreach (var worker in workers)
        {
            byId.Add(worker.Id, worker);
        }

        foreach (var (id, worker) in RetiredWorkers)
        {
            byId.Add(id, worker);
        }

        return new OrganisationState
        {
            Version = version,
            Units = [.. units],
            Grids = [.. grids],
            Workers = [.. workers],
            Entries = entries,
            WorkersById = byId,
            RetiredWorkers = RetiredWorkers,
            RetiredUnits = RetiredUnits,
            Phones = Phones,
        };
    }
}

using Grains.Interfaces;

namespace Grains.Organisation;

/// <summary>
/// The organisation at one version: the unit tree, the workers per grid, the retired units and workers, and the
/// workers' phones. Immutable; every lookup is a dictionary hit built once (<see cref="OrganisationDraft.Build"/>).
/// </summary>
internal sealed class OrganisationState
{
    public required long Version { get; init; }

    /// <summary>Every unit, depth first from the root.</summary>
    public required Unit[] Units { get; init; }

    /// <summary>Every grid, depth first from the root.</summary>
    public required Unit[] Grids { get; init; }

    /// <summary>The active workers, grid by grid depth first.</summary>
    public required Worker[] Workers { get; init; }

    public required Dictionary<string, UnitEntry> Entries { get; init; }

    /// <summary>The active and the retired workers.</summary>
    public required Dictionary<string, Worker> WorkersById { get; init; }

    /// <summary>Retired workers, by id: kept for their names in the history, never counted.</summary>
    public required Dictionary<string, Worker> RetiredWorkers { get; init; }

    /// <summary>Retired units, by id: their ids stay taken, since their streams stay in the log.</summary>
    public required Dictionary<string, Unit> RetiredUnits { get; init; }

    /// <summary>Workers' phones (手机号), by worker id: for administrators only.</summary>
    public required Dictionary<string, string> Phones { get; init; }

    /// <summary>The same organisation at another version (a stored change that changed nothing).</summary>
    public OrganisationState At(long version) => new()
    {
        Version = version,
        Units = Units,
        Grids = Grids,
        Workers = Workers,
        Entries = Entries,
        WorkersById = WorkersById,
        RetiredWorkers = RetiredWorkers,
        RetiredUnits = RetiredUnits,
        Phones = Phones,
    };

    /// <summary>What the state keeps per unit: its children, its active workers and its range in the depth-first grid list.</summary>
    internal sealed class UnitEntry(Unit unit)
    {
        public Unit Unit { get; } = unit;

        public Unit[] Children { get; set; } = [];

        public Worker[] Workers { get; set; } = [];

        public int FirstGrid { get; set; }

        public int GridCount { get; set; }
    }
}

using System.Runtime.ExceptionServices;
using Grains.Interfaces;

namespace Grains.Organisation;

/// <summary>
/// The organisation loaded from the organisation file: the unit tree and the workers per grid. Immutable; every lookup
/// is a dictionary hit built once at load time.
/// </summary>
public sealed class OrganisationTree
{
    private readonly Unit[] _units;
    private readonly Unit[] _grids;
    private readonly Worker[] _workers;
    private readonly Dictionary<string, UnitEntry> _entries;
    private readonly Dictionary<string, Worker> _workersById;

    private OrganisationTree(OrganisationFileReader reader)
    {
        _units = [.. reader.Units];
        _grids = [.. reader.Grids];
        _workers = [.. reader.Workers];
        _entries = reader.Entries;
        _workersById = new Dictionary<string, Worker>(_workers.Length, StringComparer.Ordinal);
        foreach (var worker in _workers)
        {
            _workersById.Add(worker.Id, worker);
        }
    }

    /// <summary>The root unit (the district).</summary>
    public Unit Root => _units[0];

    /// <summary>Every unit, depth first from the root.</summary>
    public IReadOnlyList<Unit> Units => _units;

    /// <summary>Every worker, in file order.</summary>
    public IReadOnlyList<Worker> Workers => _workers;

    /// <summary>Every grid, depth first from the root.</summary>
    public IReadOnlyList<Unit> Grids => _grids;

    /// <summary>The unit with this id, or null.</summary>
    public Unit? FindUnit(string id) => _entries.TryGetValue(id, out var entry) ? entry.Unit : null;

    /// <summary>The unit's children in file order; empty for a grid or an unknown id.</summary>
    public IReadOnlyList<Unit> ChildrenOf(string unitId) =>
        _entries.TryGetValue(unitId, out var entry) ? entry.Children : [];

    /// <summary>The worker with this id, or null.</summary>
    public Worker? FindWorker(string id) => _workersById.GetValueOrDefault(id);

    /// <summary>The workers of one grid; empty for an unknown id or a unit that is not a grid.</summary>
    public IReadOnlyList<Worker> WorkersOf(string gridId) =>
        _entries.TryGetValue(gridId, out var entry) ? entry.Workers : [];

    /// <summary>The grids in the unit's subtree (the unit itself when it is a grid); empty for an unknown id.</summary>
    public IReadOnlyList<Unit> GridsUnder(string unitId) =>
        _entries.TryGetValue(unitId, out var entry)
            ? new ArraySegment<Unit>(_grids, entry.FirstGrid, entry.GridCount)
            : Array.Empty<Unit>();

    /// <summary>The unit and its ancestors, root first: <c>[district, street, community, grid]</c> for a grid; empty for an unknown id.</summary>
    public IReadOnlyList<Unit> LineOf(string unitId)
    {
        var line = new List<Unit>(4);
        for (var unit = FindUnit(unitId); unit is not null; unit = unit.ParentId is { } parentId ? FindUnit(parentId) : null)
        {
            line.Add(unit);
        }

        line.Reverse();
        return line;
    }

    /// <summary>The names of the unit and its ancestors below the root, the root's child first: <c>[street, community, grid]</c> for a grid.</summary>
    public IReadOnlyList<string> PathOf(string unitId) => [.. LineOf(unitId).Skip(1).Select(unit => unit.Name)];

    /// <summary>Parses an organisation file; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="OrganisationFileException">The file is not a valid organisation; the message says what and where.</exception>
    public static OrganisationTree Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        return new OrganisationTree(OrganisationFileReader.Read(json, source));
    }

    /// <summary>Reads and parses an organisation file.</summary>
    /// <exception cref="OrganisationFileException">The file is missing or not a valid organisation.</exception>
    public static OrganisationTree Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new OrganisationFileException(
                $"{path}: 找不到组织架构文件（{Path.GetFullPath(path)}） / organisation file not found", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new OrganisationFileException(
                $"{path}: 无法读取组织架构文件：{exception.Message} / cannot read the organisation file", exception);
        }

        // Parsing rents the JSON metadata (48 MB for 100,000 grids) from the shared array pool and gives it back to the
        // parsing thread's own slots, where it stays until a trim that may never come: parsed on a thread of its own,
        // the buffers go when the thread does.
        OrganisationTree? tree = null;
        ExceptionDispatchInfo? failure = null;
        var parser = new Thread(() =>
        {
            try
            {
                tree = Parse(json, path);
            }
            catch (Exception exception)
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
        });
        parser.Start();
        parser.Join();
        failure?.Throw();
        return tree!;
    }

    /// <summary>What the tree keeps per unit: its children, its workers and its range in the depth-first grid list.</summary>
    internal sealed class UnitEntry(Unit unit)
    {
        public Unit Unit { get; } = unit;

        public Unit[] Children { get; set; } = [];

        public Worker[] Workers { get; set; } = [];

        public int FirstGrid { get; set; }

        public int GridCount { get; set; }
    }
}

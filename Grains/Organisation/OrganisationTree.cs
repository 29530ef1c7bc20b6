using System.Runtime.ExceptionServices;
using Grains.Interfaces;

namespace Grains.Organisation;

/// <summary>
/// The organisation: the unit tree and the workers per grid, first read from the organisation file (<c>--org</c>), then
/// changed live by the organisation's changes in the log (<see cref="Apply"/>, issue 13). Every change builds a new
/// immutable <see cref="OrganisationState"/> and swaps it in whole: each member reads the state once, so a lookup never
/// sees half of a change, and every lookup is a dictionary hit.
/// </summary>
public sealed class OrganisationTree
{
    private readonly Lock _applying = new();
    private volatile OrganisationState _state;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OrganisationTree(OrganisationFileReader reader) =>
        _state = OrganisationDraft.Of(reader.Units, reader.Workers).Build(version: 0);

    /// <summary>The log sequence of the last change applied; 0 for the organisation file as read.</summary>
    public long Version => _state.Version;

    /// <summary>The root unit (the district).</summary>
    public Unit Root => _state.Units[0];

    /// <summary>Every unit, depth first from the root.</summary>
    public IReadOnlyList<Unit> Units => _state.Units;

    /// <summary>Every active worker, grid by grid depth first (in file order for the file as read).</summary>
    public IReadOnlyList<Worker> Workers => _state.Workers;

    /// <summary>Every grid, depth first from the root.</summary>
    public IReadOnlyList<Unit> Grids => _state.Grids;

    /// <summary>The retired workers, kept for their names in the history; they no longer count nor report.</summary>
    public IReadOnlyCollection<Worker> RetiredWorkers => _state.RetiredWorkers.Values;

    /// <summary>The unit with this id, or null (also for a retired unit).</summary>
    public Unit? FindUnit(string id) => _state.Entries.TryGetValue(id, out var entry) ? entry.Unit : null;

    /// <summary>True when a unit, active or retired, has this id: a retired unit's id is never given again.</summary>
    public bool IsUnitIdTaken(string id) => _state.Entries.ContainsKey(id) || _state.RetiredUnits.ContainsKey(id);

    /// <summary>The unit's children in order; empty for a grid or an unknown id.</summary>
    public IReadOnlyList<Unit> ChildrenOf(string unitId) =>
        _state.Entries.TryGetValue(unitId, out var entry) ? entry.Children : [];

    /// <summary>The worker with this id, active or retired (<see cref="IsRetired"/>), or null.</summary>
    public Worker? FindWorker(string id) => _state.WorkersById.GetValueOrDefault(id);

    /// <summary>True for a retired worker: kept for the history, no longer counted, cannot report.</summary>
    public bool IsRetired(string workerId) => _state.RetiredWorkers.ContainsKey(workerId);

    /// <summary>A worker's phone (手机号), or null: for administrators only, never on a wall or in a snapshot.</summary>
    public string? PhoneOf(string workerId) => _state.Phones.GetValueOrDefault(workerId);

    /// <summary>The active workers of one grid; empty for an unknown id or a unit that is not a grid.</summary>
    public IReadOnlyList<Worker> WorkersOf(string gridId) =>
        _state.Entries.TryGetValue(gridId, out var entry) ? entry.Workers : [];

    /// <summary>The grids in the unit's subtree (the unit itself when it is a grid); empty for an unknown id.</summary>
    public IReadOnlyList<Unit> GridsUnder(string unitId)
    {
        var state = _state;
        return state.Entries.TryGetValue(unitId, out var entry)
            ? new ArraySegment<Unit>(state.Grids, entry.FirstGrid, entry.GridCount)
            : Array.Empty<Unit>();
    }

    /// <summary>The unit and its ancestors, root first: <c>[district, street, community, grid]</c> for a grid; empty for an unknown id.</summary>
    public IReadOnlyList<Unit> LineOf(string unitId)
    {
        var entries = _state.Entries;
        var line = new List<Unit>(4);
        for (var unit = entries.GetValueOrDefault(unitId)?.Unit; unit is not null; unit = unit.ParentId is { } parentId ? entries.GetValueOrDefault(parentId)?.Unit : null)
        {
            line.Add(unit);
        }

        line.Reverse();
        return line;
    }

    /// <summary>The names of the unit and its ancestors below the root, the root's child first: <c>[street, community, grid]</c> for a grid.</summary>
    public IReadOnlyList<string> PathOf(string unitId) => [.. LineOf(unitId).Skip(1).Select(unit => unit.Name)];

    /// <summary>The problems <paramref name="change"/> would meet applied to the organisation now; empty when it applies.</summary>
    public IReadOnlyList<OrganisationProblem> Check(OrganisationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return OrganisationEdit.Check(_state, change);
    }

    /// <summary>
    /// Applies a stored change, whose log sequence <paramref name="version"/> becomes the tree's version; a change at
    /// or below the version is already in. Answers whether the tree moved to <paramref name="version"/> now. A stored
    /// change that breaks a rule (it was checked against the same changes before it was stored, so it cannot) moves
    /// the version and changes nothing else.
    /// </summary>
    public bool Apply(OrganisationChange change, long version)
    {
        ArgumentNullException.ThrowIfNull(change);
        TaskCompletionSource changed;
        lock (_applying)
        {
            var state = _state;
            if (version <= state.Version)
            {
                return false;
            }

            _state = OrganisationEdit.Apply(state, change, version).State ?? state.At(version);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
        return true;
    }

    /// <summary>Completes once the tree's version is at least <paramref name="version"/>.</summary>
    public async Task WaitForVersionAsync(long version, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_applying)
            {
                if (_state.Version >= version)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

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
}

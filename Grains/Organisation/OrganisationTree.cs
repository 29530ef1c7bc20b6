using Grains.Interfaces;

namespace Grains.Organisation;

/// <summary>
/// The organisation loaded from the organisation file: the unit tree and the workers per grid. Immutable.
/// </summary>
public sealed class OrganisationTree
{
    /// <summary>The root unit (the district).</summary>
    public Unit Root => throw new NotImplementedException();

    /// <summary>Every unit, depth first from the root.</summary>
    public IReadOnlyList<Unit> Units => throw new NotImplementedException();

    /// <summary>Every worker.</summary>
    public IReadOnlyList<Worker> Workers => throw new NotImplementedException();

    /// <summary>The unit with this id, or null.</summary>
    public Unit? FindUnit(string id) => throw new NotImplementedException();

    /// <summary>The unit's children in file order; empty for a grid or an unknown id.</summary>
    public IReadOnlyList<Unit> ChildrenOf(string unitId) => throw new NotImplementedException();

    /// <summary>The worker with this id, or null.</summary>
    public Worker? FindWorker(string id) => throw new NotImplementedException();

    /// <summary>The workers of one grid.</summary>
    public IReadOnlyList<Worker> WorkersOf(string gridId) => throw new NotImplementedException();

    /// <summary>The grids in the unit's subtree (the unit itself when it is a grid).</summary>
    public IReadOnlyList<Unit> GridsUnder(string unitId) => throw new NotImplementedException();

    /// <summary>Parses an organisation file; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="OrganisationFileException">The file is not a valid organisation; the message says what and where.</exception>
    public static OrganisationTree Parse(string json, string source) => throw new NotImplementedException();

    /// <summary>Reads and parses an organisation file.</summary>
    /// <exception cref="OrganisationFileException">The file is missing or not a valid organisation.</exception>
    public static OrganisationTree Load(string path) => throw new NotImplementedException();
}

/// <summary>An organisation file that cannot be used; the message names the problem and where it is.</summary>
public sealed class OrganisationFileException(string message, Exception? innerException = null)
    : Exception(message, innerException);

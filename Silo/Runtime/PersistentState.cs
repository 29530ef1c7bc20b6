namespace Silo;

/// <summary>
/// A named piece of grain state kept in a grain storage, injected into the grain constructor with
/// <see cref="PersistentStateAttribute"/>, as in Orleans. It is read before <c>OnActivateAsync</c> runs.
/// </summary>
public interface IPersistentState<TState>
{
    /// <summary>The state; a new instance of <typeparamref name="TState"/> when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The version tag of the stored record, null when there is none.</summary>
    string? Etag { get; }

    /// <summary>Whether a record is stored.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the state from storage, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> to storage.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored record and resets <see cref="State"/> to a new instance.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/> for injection.</summary>
/// <param name="stateName">The name of the state, unique within the grain class.</param>
/// <param name="storageName">The grain storage to keep it in; null for the default storage.</param>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The name of the state, unique within the grain class.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The grain storage to keep it in; null for the default storage.</summary>
    public string? StorageName { get; } = storageName;
}

/// <summary>A state record as a grain storage sees it, as Orleans' <c>IGrainState</c>.</summary>
public interface IGrainState<TState>
{
    /// <summary>The state.</summary>
    TState State { get; set; }

    /// <summary>The version tag of the stored record, null when there is none.</summary>
    string? ETag { get; set; }

    /// <summary>Whether a record is stored.</summary>
    bool RecordExists { get; set; }
}

/// <summary>Where grain state lives; registered as a keyed service under its storage name.</summary>
public interface IGrainStorage
{
    /// <summary>Reads the record of (<paramref name="stateName"/>, <paramref name="grainType"/>, <paramref name="grainKey"/>) into <paramref name="grainState"/>.</summary>
    Task ReadStateAsync<TState>(string stateName, string grainType, string grainKey, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="grainState"/> and sets its tag.</summary>
    Task WriteStateAsync<TState>(string stateName, string grainType, string grainKey, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>Removes the record.</summary>
    Task ClearStateAsync<TState>(string stateName, string grainType, string grainKey, IGrainState<TState> grainState, CancellationToken cancellationToken);
}

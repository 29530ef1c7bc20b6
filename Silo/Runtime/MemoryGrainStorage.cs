using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Silo;

/// <summary>
/// Grain storage in process memory, the default storage. Records are kept as JSON so a grain never shares an
/// object with the store: what a new activation reads is exactly what was last written.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private static readonly JsonSerializerOptions SerializerOptions = new() { IncludeFields = true };

    private readonly ConcurrentDictionary<(string StateName, string GrainType, string GrainKey), StoredRecord> _records = new();
    private long _version;

    /// <inheritdoc/>
    public Task ReadStateAsync<TState>(
        string stateName, string grainType, string grainKey, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (_records.TryGetValue((stateName, grainType, grainKey), out var record))
        {
            grainState.State = JsonSerializer.Deserialize<TState>(record.Json, SerializerOptions)!;
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task WriteStateAsync<TState>(
        string stateName, string grainType, string grainKey, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
        var json = JsonSerializer.SerializeToUtf8Bytes(grainState.State, SerializerOptions);
        _records[(stateName, grainType, grainKey)] = new StoredRecord(json, etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ClearStateAsync<TState>(
        string stateName, string grainType, string grainKey, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        _records.TryRemove((stateName, grainType, grainKey), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private sealed record StoredRecord(byte[] Json, string ETag);
}

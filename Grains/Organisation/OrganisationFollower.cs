using System.Security.Cryptography;
using System.Text;
using Grains.Interfaces;
using Grains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Storage;

namespace Grains.Organisation;

/// <summary>
/// Keeps this process's <see cref="OrganisationTree"/> on the log's organisation stream (issue 13): at start, after
/// the organisation file, it applies every stored change before anything is served (a restart keeps every change);
/// then it reads the stream's new entries every <see cref="Interval"/>, so every silo and web node of a cluster
/// converges on the changes made through any of them. A change this process applied itself is skipped by version.
/// </summary>
public sealed partial class OrganisationFollower(OrganisationTree organisation, IEventLog log, ILogger<OrganisationFollower> logger)
    : BackgroundService
{
    /// <summary>How often the stream is read for changes made elsewhere.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly Lock _gate = new();

    // What each stored change was made of, by change id: a hash of its operations, to tell a repeat from a conflict.
    private readonly Dictionary<string, StoredChange> _changes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;

    /// <summary>
    /// Completes once the stored changes have been applied at start. A silo of a cluster takes grain calls before its
    /// hosted services start: a unit grain waits for this before it reads the tree, so it never activates on the file alone.
    /// </summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Applies every stored change, then starts following the stream.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Applies the changes stored since the last read.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            var read = await log.ReadStreamAsync(LogPayloads.OrganisationStream, _position, cancellationToken: cancellationToken);
            // Only changes: the stream's name is the organisation's own, but the log does not enforce who writes to it.
            foreach (var entry in read.Entries.Where(entry => entry.Type == LogPayloads.OrganisationChangeType))
            {
                Apply(LogPayloads.ReadOrganisationChange(entry.Payload), entry.Sequence);
            }

            _position = Math.Max(_position, read.Position);
            _caughtUp.TrySetResult();
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>Completes once the tree has <paramref name="version"/>, reading the stream at once when it has not yet.</summary>
    public async Task ReachAsync(long version, CancellationToken cancellationToken = default)
    {
        if (organisation.Version < version)
        {
            await CatchUpAsync(cancellationToken);
        }

        await organisation.WaitForVersionAsync(version, cancellationToken);
    }

    /// <summary>Applies a change stored at <paramref name="sequence"/> to the tree, unless it is in already.</summary>
    public void Apply(OrganisationChange change, long sequence)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            _changes.TryAdd(change.Id, StoredChange.Of(change));
        }

        organisation.Apply(change, sequence);
    }

    /// <summary>The stored change with this id as far as this process has read the stream, or null.</summary>
    public StoredChange? Find(string changeId)
    {
        lock (_gate)
        {
            return _changes.GetValueOrDefault(changeId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, stoppingToken);
                await CatchUpAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Storage may be away for a while: the next read tries again.
                LogReadFailed(exception.Message);
            }
        }
    }

    public override void Dispose()
    {
        _reading.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the organisation's changes failed: {Reason}")]
    private partial void LogReadFailed(string reason);

    /// <summary>What a stored change was made of: the hash of its canonical operations.</summary>
    public sealed class StoredChange
    {
        private readonly byte[] _hash;

        private StoredChange(byte[] hash) => _hash = hash;

        public static StoredChange Of(OrganisationChange change) => new(Hash(change));

        /// <summary>True when <paramref name="change"/> has the same operations, whoever sends it when.</summary>
        public bool Matches(OrganisationChange change) => _hash.AsSpan().SequenceEqual(Hash(change));

        private static byte[] Hash(OrganisationChange change) =>
            SHA256.HashData(Encoding.UTF8.GetBytes(LogPayloads.Serialize(change.Operations)));
    }
}

using Grains.Hosting;
using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Queries;
using Grains.Storage;
using Grains.Units;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using Silo.Hosting;
using Storage;

namespace Grains.Tests;

/// <summary>
/// The grains as the product hosts them, on Orleans' in-process test cluster: each silo configured by
/// <see cref="GridPulseSiloBuilderExtensions.AddGridPulseServices"/>, all of them on one SQLite log in a data
/// directory (the shared storage of a cluster), and a hand-moved clock for the grains.
/// </summary>
/// <remarks>
/// Moving the <see cref="FakeTimeProvider"/> runs the timers it passes (the wake schedule's ticks) with the clock already at
/// its new time, so a grid woken on the way reads the time the test moved to; the wake is a one-way call, so a test awaits
/// what it changes (<see cref="Eventually"/>).
/// </remarks>
internal sealed class GrainsHost : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private GrainsHost(InProcessTestCluster cluster, SqliteEventLog log, string dataDirectory, bool ownsDirectory)
    {
        Cluster = cluster;
        SharedLog = log;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>Noon in Shanghai on a mid-month day.</summary>
    public static DateTimeOffset Noon { get; } = new(2026, 3, 15, 4, 0, 0, TimeSpan.Zero);

    public InProcessTestCluster Cluster { get; }

    public string DataDirectory { get; }

    /// <summary>The services of the first silo still running: the write path and the queries are reached through them.</summary>
    public IServiceProvider Services => Cluster.GetActiveSilos().First().ServiceProvider;

    public TimeProvider Clock => Services.GetRequiredService<TimeProvider>();

    public IngestionService Ingestion => Services.GetRequiredService<IngestionService>();

    public UnitQueries Units => Services.GetRequiredService<UnitQueries>();

    public CaseQueries Cases => Services.GetRequiredService<CaseQueries>();

    public IGrainFactory Grains => Cluster.Client;

    public IEventLog Log => SharedLog;

    private SqliteEventLog SharedLog { get; }

    /// <summary>
    /// Starts a cluster of <paramref name="silos"/> silos; on <paramref name="dataDirectory"/> when given (kept
    /// afterwards), else on a new temporary one. <paramref name="configureSilo"/>, when given, configures each silo
    /// further (say, its membership options). <paramref name="wrapLog"/>, when given, wraps the log the grains use (the
    /// test's <see cref="Log"/> stays the log itself).
    /// </summary>
    public static async Task<GrainsHost> StartAsync(
        OrganisationTree organisation,
        FakeTimeProvider clock,
        string? dataDirectory = null,
        short silos = 1,
        Action<ISiloBuilder>? configureSilo = null,
        Func<IEventLog, IEventLog>? wrapLog = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("grains-tests-").FullName;
        var log = new SqliteEventLog(Options.Create(new StorageOptions { DataDirectory = dataDirectory }));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)}"] = dataDirectory,
        }).Build();

        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddGridPulseServices(configuration);
            silo.Services.AddSingleton(organisation);
            silo.Services.AddSingleton<TimeProvider>(clock);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSingleton<IEventLog>(wrapLog?.Invoke(log) ?? log);

            // A call that waits on a deadlock (or a silo gone) fails in seconds, not Orleans' default 30.
            silo.Configure<Orleans.Configuration.SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
            configureSilo?.Invoke(silo);
        });

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            await log.DisposeAsync();
            throw;
        }

        return new GrainsHost(cluster, log, dataDirectory, ownsDirectory);
    }

    /// <summary>Configures silos whose grids write a snapshot every <paramref name="reports"/> reports (the product: 256).</summary>
    public static Action<ISiloBuilder> SnapshotEvery(int reports) =>
        silo => silo.Services.Configure<GridPulseOptions>(options => options.SnapshotEvery = reports);

    /// <summary>The grain of a unit of the organisation, whatever its level.</summary>
    public IUnitGrain UnitGrain(string unitId) =>
        Services.GetRequiredService<UnitReferences>().Of(Services.GetRequiredService<OrganisationTree>().FindUnit(unitId) ?? throw new InvalidOperationException($"No unit {unitId}."));

    public async Task<UnitSnapshot> SnapshotAsync(string unitId) =>
        await Units.GetSnapshotAsync(unitId) ?? throw new InvalidOperationException($"No unit {unitId}.");

    /// <summary>The grid's latest snapshot, once it has written one: it writes it in a turn of its own, after the write that made it due.</summary>
    public async Task<GridSnapshot> LatestSnapshotAsync(string gridId)
    {
        GridSnapshot? snapshot = null;
        var written = await Eventually.TrueAsync(async () =>
        {
            snapshot = await Log.ReadLatestAsync(LogPayloads.SnapshotStream(gridId)) is { } entry ? LogPayloads.ReadGridSnapshot(entry.Payload) : null;
            return snapshot is not null;
        });
        Assert.True(written, $"{gridId} wrote no snapshot");
        return snapshot!;
    }

    /// <summary>Forces the grain's activation out and waits until it is gone; the next call activates it again.</summary>
    public async Task DeactivateAsync(GrainId grainId)
    {
        Assert.True(Cluster.TryGetGrainContext(grainId, out var context), $"{grainId} has no activation");
        context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "forced out by the test"), CancellationToken.None);
        await context.Deactivated.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await SharedLog.DisposeAsync();
        if (_ownsDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

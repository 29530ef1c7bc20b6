using Grains.Hosting;
using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Queries;
using Grains.Replay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Silo;
using Silo.Storage;
using TestSupport;

namespace Grains.Tests;

/// <summary>The grains as the product hosts them: the silo, a SQLite log in a data directory, a hand-moved clock.</summary>
internal sealed class GrainsHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _ownsDirectory;

    private GrainsHost(IHost host, string dataDirectory, bool ownsDirectory)
    {
        _host = host;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>Noon in Shanghai on a mid-month day.</summary>
    public static DateTimeOffset Noon { get; } = new(2026, 3, 15, 4, 0, 0, TimeSpan.Zero);

    public string DataDirectory { get; }

    public IServiceProvider Services => _host.Services;

    public TimeProvider Clock => Services.GetRequiredService<TimeProvider>();

    public IngestionService Ingestion => Services.GetRequiredService<IngestionService>();

    public UnitQueries Units => Services.GetRequiredService<UnitQueries>();

    public CaseQueries Cases => Services.GetRequiredService<CaseQueries>();

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IEventLog Log => Services.GetRequiredService<IEventLog>();

    public ReplayStatus Replay => Services.GetRequiredService<ReplayStatus>();

    /// <summary>Starts a host; on <paramref name="dataDirectory"/> when given (kept afterwards), else on a new temporary one.</summary>
    public static async Task<GrainsHost> StartAsync(OrganisationTree organisation, ManualTimeProvider clock, string? dataDirectory = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("grains-tests-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = dataDirectory });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(organisation);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSqliteEventLog();
        builder.Services.AddGridPulseGrains();
        var host = builder.Build();
        await host.StartAsync();
        return new GrainsHost(host, dataDirectory, ownsDirectory);
    }

    public async Task<UnitSnapshot> SnapshotAsync(string unitId) =>
        await Units.GetSnapshotAsync(unitId) ?? throw new InvalidOperationException($"No unit {unitId}.");

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

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

using System.Globalization;
using TestSupport;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>
/// GridPulse as a cluster of real processes for one test (issue 11): grain-only silos (<c>Silo.dll</c>) and web nodes
/// that are Orleans clients (<c>Dashboard.Web.dll --redis</c>), Orleans' membership in a Redis server of the test's
/// own, the shared state in a PostgreSQL schema of the test's own (or in <see cref="Store"/> set to a server of the
/// test's own). Every process is killed on dispose.
/// </summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly List<SiloProcess> _silos = [];
    private readonly List<AppProcess> _webs = [];
    private readonly TestRedis _redis;

    private ClusterProcesses(TestRedis redis) => _redis = redis;

    /// <summary>The connection string of the shared store; set it before the first process starts.</summary>
    public string Store { get; set; } = TestPostgres.ConnectionStringFor("cluster_" + Guid.NewGuid().ToString("N"));

    /// <summary>The test organisation file every process reads.</summary>
    public string OrganisationFile => _directory.OrganisationFile;

    /// <summary>The Redis configuration string of the membership table.</summary>
    public string Redis => _redis.Configuration;

    /// <summary>A directory of the test's own, deleted on dispose.</summary>
    public string DataDirectory => _directory.DataDirectory;

    /// <summary>What makes a process a member (or client) of this cluster.</summary>
    public string[] Arguments => ["--org", _directory.OrganisationFile, "--postgres", Store, "--redis", _redis.Configuration, "--address", "127.0.0.1"];

    /// <summary>Starts a Redis server for the cluster; no silo or web node runs yet.</summary>
    public static async Task<ClusterProcesses> StartAsync() => new(await TestRedis.StartAsync());

    /// <summary>Starts a silo on free ports and returns once it runs.</summary>
    public async Task<SiloProcess> StartSiloAsync()
    {
        var silo = await SiloProcess.StartAsync(Arguments);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>
    /// Starts a web node on <paramref name="address"/> (a free one by default) and returns once it listens; a node
    /// started again on the same address has the same local data directory, as a restarted node does.
    /// </summary>
    public async Task<AppProcess> StartWebAsync(Uri? address = null)
    {
        address ??= AppProcess.FreeAddress();
        var data = Path.Combine(_directory.Path, "web-" + address.Port.ToString(CultureInfo.InvariantCulture));
        var web = await AppProcess.StartAsync(address, [.. Arguments, "--data", data]);
        _webs.Add(web);
        return web;
    }

    /// <summary>Kills a web node with SIGKILL and waits until it is gone.</summary>
    public async Task KillWebAsync(AppProcess web)
    {
        _webs.Remove(web);
        await web.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var web in _webs)
        {
            await web.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _redis.DisposeAsync();
        _directory.Dispose();
    }
}

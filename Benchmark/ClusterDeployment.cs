using System.Diagnostics;
using System.Globalization;
using TestSupport;

namespace Benchmark;

/// <summary>
/// GridPulse as a cluster on this machine (README, Running a cluster): a PostgreSQL server and a Redis server of its
/// own, two silos (<c>Silo.dll</c>) and one web node (<c>Dashboard.Web.dll --redis</c>, an Orleans client of the
/// silos). The silos run with Orleans' diagnostics on, as <c>--demo</c> turns them on in the single process, so that
/// both deployments do the same work. Everything is stopped and deleted on dispose.
/// </summary>
internal sealed class ClusterDeployment : Deployment
{
    /// <summary>Where the benchmark looks for the Redis server (Debian's <c>redis-server</c> package).</summary>
    private const string RedisServer = "/usr/bin/redis-server";

    private const int Silos = 2;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    public override string Name => "cluster";

    public override string Description => "集群 cluster: 2 silos + 1 web node, PostgreSQL";

    protected override async Task<RunningGridPulse> StartProcessesAsync(BenchmarkSettings settings, ScratchDirectory scratch, string[] arguments)
    {
        var script = Path.Combine(settings.RepositoryRoot, "scripts", "test-postgres.sh");
        var siloDll = Path.Combine(settings.RepositoryRoot, "Silo", "bin", "Release", "net10.0", "Silo.dll");
        var organisation = Path.Combine(Path.GetDirectoryName(settings.Server)!, "Demo", "organisation.json");
        foreach (var (file, what) in new[] { (RedisServer, "redis-server (apt-get install redis-server)"), (script, "scripts/test-postgres.sh"), (siloDll, "Silo.dll (dotnet build -c Release)"), (organisation, "the demo organisation") })
        {
            if (!File.Exists(file))
            {
                throw new BenchmarkException($"集群场景缺少 / the cluster scenario needs {what}: {file} is missing; ./bench.sh installs the packages and builds");
            }
        }

        var started = new List<IAsyncDisposable>();
        try
        {
            var phase = Stopwatch.GetTimestamp();
            var postgres = await PostgresServer.CreateAsync(script);
            var postgresSeconds = Stopwatch.GetElapsedTime(phase).TotalSeconds;
            started.Add(postgres);
            var redisPort = LoopbackPort.Free();
            var redis = ChildProcess.Start(
                Start(RedisServer, "--port", Invariant(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", scratch.Path),
                "redis-server",
                "Ready to accept connections");
            started.Add(redis);
            await redis.WaitUntilReadyAsync(StartTimeout);

            string[] cluster = ["--org", organisation, "--postgres", postgres.ConnectionString, "--redis", $"127.0.0.1:{Invariant(redisPort)}", "--address", "127.0.0.1"];
            var silos = Enumerable.Range(1, Silos).Select(number =>
            {
                var start = Start(
                    "dotnet",
                    [
                        "exec", siloDll, .. cluster, "--data", scratch.File($"silo-{number}"),
                        "--silo-port", Invariant(LoopbackPort.Free()), "--gateway-port", Invariant(LoopbackPort.Free()),
                        "--Operations:OrleansDiagnostics=true",
                    ]);
                start.WorkingDirectory = Path.GetDirectoryName(siloDll);
                return ChildProcess.Start(start, $"silo {number}", "The GridPulse silo is running");
            }).ToList();
            started.AddRange(silos);
            phase = Stopwatch.GetTimestamp();
            await Task.WhenAll(silos.Select(silo => silo.WaitUntilReadyAsync(StartTimeout)));
            var siloSeconds = Stopwatch.GetElapsedTime(phase).TotalSeconds;
            phase = Stopwatch.GetTimestamp();

            var web = await ServerProcess.StartReadyAsync(settings, scratch.File("web-data"), ["--demo", .. cluster, .. arguments]);
            started.Add(web);
            Console.WriteLine(
                $"集群 cluster: PostgreSQL {postgresSeconds:0.0} s, {Silos} silos running {siloSeconds:0.0} s, web node ready {Stopwatch.GetElapsedTime(phase).TotalSeconds:0.0} s");
            return new RunningGridPulse(
                web,
                silos,
                [new MeasuredProcess("web node", web.ProcessId), .. silos.Select(silo => new MeasuredProcess(silo.Name, silo.Id))],
                [postgres.Server, new MeasuredProcess("Redis", redis.Id)],
                started);
        }
        catch
        {
            foreach (var process in Enumerable.Reverse(started))
            {
                await process.DisposeAsync();
            }

            throw;
        }
    }

    private static ProcessStartInfo Start(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;

namespace Benchmark;

/// <summary>
/// How a scenario runs GridPulse: in one process on SQLite, as the product runs by default, or as a cluster on
/// PostgreSQL (issue 11). Either way the load goes to one web server, on a fresh store with the demo organisation.
/// </summary>
internal abstract class Deployment
{
    /// <summary>One process on SQLite (<see cref="SingleProcessDeployment"/>).</summary>
    public static readonly Deployment SingleProcess = new SingleProcessDeployment();

    /// <summary>Two silos and one web node on PostgreSQL (<see cref="ClusterDeployment"/>).</summary>
    public static readonly Deployment Cluster = new ClusterDeployment();

    /// <summary>The deployment of <paramref name="name"/>.</summary>
    public static Deployment Named(string name) => name == Cluster.Name ? Cluster : SingleProcess;

    /// <summary>The results file's name for it: <c>single-process</c> or <c>cluster</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What runs, for the table.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Starts GridPulse in <paramref name="scratch"/> with <paramref name="arguments"/> for its web server, and returns
    /// once the web server is ready and serves the organisation's root, whose first read may activate every unit.
    /// </summary>
    public async Task<RunningGridPulse> StartAsync(BenchmarkSettings settings, ScratchDirectory scratch, params string[] arguments)
    {
        var started = Stopwatch.GetTimestamp();
        var running = await StartProcessesAsync(settings, scratch, arguments);
        var processes = Stopwatch.GetElapsedTime(started);
        try
        {
            // A web node of a cluster answers 503 until its units answer (PollAsync takes that as not yet).
            Organisation? organisation = null;
            await running.Web.PollAsync(
                async client => await Totals.ReadAsync(client, (organisation ??= await Organisation.FetchAsync(client)).RootId) is not null,
                TimeSpan.FromMinutes(5),
                "组织与根单位的指标 the organisation and its root's metrics (200)");
            running.EnsureRunning();
            Console.WriteLine($"就绪 ready: {Name} {processes.TotalSeconds:0.0} s, then the root's first read {(Stopwatch.GetElapsedTime(started) - processes).TotalSeconds:0.0} s");
            return running with { Organisation = organisation! };
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the processes; returns once the web server's <c>/readyz</c> answers 200.</summary>
    protected abstract Task<RunningGridPulse> StartProcessesAsync(BenchmarkSettings settings, ScratchDirectory scratch, string[] arguments);
}

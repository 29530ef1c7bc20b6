using System.Diagnostics;

namespace Benchmark;

/// <summary>Runs the chosen scenarios one after another, each on its own server, and reports them together.</summary>
internal sealed class BenchmarkRun(BenchmarkSettings settings)
{
    private readonly List<ScenarioResult> _results = [];

    /// <summary>
    /// Runs <paramref name="scenario"/>, which runs GridPulse in one process only, when it was chosen; a failure is
    /// recorded and the next scenario runs.
    /// </summary>
    public Task ScenarioAsync(string name, Func<BenchmarkSettings, List<Figure>, Task> scenario) =>
        settings.Scenarios.Contains(name) ? RunAsync(name, Deployment.SingleProcess, (_, chosen, figures) => scenario(chosen, figures)) : Task.CompletedTask;

    /// <summary>
    /// Runs <paramref name="scenario"/>, which runs on any <see cref="Deployment"/>, in one process when it or the
    /// cluster scenario was chosen, then on the cluster when the cluster scenario was chosen: the cluster scenario is
    /// every such scenario on the cluster beside its single-process figures of the same run (issue 11).
    /// </summary>
    public async Task ScenarioAsync(string name, Func<Deployment, BenchmarkSettings, List<Figure>, Task> scenario)
    {
        var cluster = settings.Scenarios.Contains(BenchmarkCommand.ClusterScenario);
        if (settings.Scenarios.Contains(name) || cluster)
        {
            await RunAsync(name, Deployment.SingleProcess, scenario);
        }

        if (cluster)
        {
            await RunAsync(name, Deployment.Cluster, scenario);
        }
    }

    private async Task RunAsync(string name, Deployment deployment, Func<Deployment, BenchmarkSettings, List<Figure>, Task> scenario)
    {
        Console.WriteLine($"== {name} ({deployment.Description}) ==");
        var figures = new List<Figure>();
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        string? invalid = null;
        try
        {
            await scenario(deployment, settings, figures);
        }
        catch (InvalidMeasurementException e)
        {
            invalid = e.Message;
            Console.Error.WriteLine($"场景 {name} 的测量无效，数字不是结果 / scenario {name} is invalid, its figures are not a result: {e.Message}");
        }
        catch (Exception e) when (e is BenchmarkException or HttpRequestException or IOException or TimeoutException or System.Text.Json.JsonException or InvalidOperationException)
        {
            error = e.Message;
            Console.Error.WriteLine($"场景 {name} 运行失败 / scenario {name} failed: {e.Message}");
        }

        foreach (var figure in figures)
        {
            Console.WriteLine($"  {figure.Name}: {ResultsOutput.Measured(figure)}");
        }

        _results.Add(new ScenarioResult(name, deployment.Name, error is null, error, invalid, Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1), figures));
    }

    /// <summary>
    /// Prints the table, writes the JSON to <paramref name="output"/>; 0 unless a scenario failed to run. An invalid
    /// measurement, like a missed target, is a verdict in the table and the JSON, not a failure: on a loaded machine
    /// (CI's smoke run) the generator may well be starved.
    /// </summary>
    public async Task<int> FinishAsync(string output)
    {
        var results = new RunResults(await Machine.ReadAsync(settings.RepositoryRoot), settings, _results);
        Console.WriteLine();
        Console.Write(ResultsOutput.Table(results));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await ResultsOutput.WriteJsonAsync(results, output);
        Console.WriteLine($"结果 results: {output}");
        return _results.All(result => result.Succeeded) ? 0 : 1;
    }
}

using Benchmark;

// Measures GridPulse against spec section 8; each scenario starts its own server on a fresh data directory. Ingestion
// and push also run on a cluster with --scenario cluster (BenchmarkRun).
return await BenchmarkCommand.Create(async (settings, output) =>
{
    var run = new BenchmarkRun(settings);
    await run.ScenarioAsync("ingestion", IngestionScenario.RunAsync);
    await run.ScenarioAsync("batch", BatchRecoveryScenario.RunAsync);
    await run.ScenarioAsync("push", PushLatencyScenario.RunAsync);
    await run.ScenarioAsync("memory", MemoryScenario.RunAsync);
    await run.ScenarioAsync("reports", ReportsScenario.RunAsync);
    await run.ScenarioAsync(BenchmarkCommand.SoakScenario, WallSoakScenario.RunAsync);
    return await run.FinishAsync(output);
}).Parse(args).InvokeAsync();

namespace Benchmark;

/// <summary>One measured figure; <see cref="Holds"/> is null for a figure with no target of its own.</summary>
internal sealed record Figure(string Name, double Value, string Unit, string? Target = null, bool? Holds = null);

/// <summary>
/// What one scenario measured on one <see cref="Deployment"/> (its <see cref="Deployment.Name"/>), or why it could not
/// run correctly (<see cref="Error"/>), or why what it measured is not a result (<see cref="Invalid"/>; its figures then
/// hold no target).
/// </summary>
internal sealed record ScenarioResult(string Scenario, string Deployment, bool Succeeded, string? Error, string? Invalid, double Seconds, IReadOnlyList<Figure> Figures);

/// <summary>The machine the figures come from.</summary>
internal sealed record MachineFacts(int Cores, long MemoryBytes, string Os, string Runtime, string? Commit, DateTimeOffset UtcTime);

/// <summary>Everything one run measured: the machine, the settings and each scenario.</summary>
internal sealed record RunResults(MachineFacts Machine, BenchmarkSettings Settings, IReadOnlyList<ScenarioResult> Scenarios);

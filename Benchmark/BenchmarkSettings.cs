namespace Benchmark;

/// <summary>The sizes of one run; <c>--smoke</c> takes tiny ones, each option overrides its own.</summary>
internal sealed record BenchmarkSettings(
    bool Smoke,
    string Server,
    string RepositoryRoot,
    IReadOnlyList<string> Scenarios,
    int Threads,
    int Connections,
    int DurationSeconds,
    int BatchConnections,
    int RecoveryReports,
    int Clients,
    int Rate,
    int PushSeconds,
    int PushIntervalMilliseconds,
    int PushProcesses,
    int Grids,
    bool MemoryStatuses);

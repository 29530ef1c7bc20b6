using System.Text.Json.Serialization;

namespace Benchmark;

/// <summary>
/// The sizes of one run; <c>--smoke</c> takes tiny ones, each option overrides its own. <see cref="AdminToken"/> is new
/// for every run: the servers start with it as <c>GRIDPULSE_ADMIN_TOKEN</c> and every client of the run sends it; the
/// results file leaves it out.
/// </summary>
internal sealed record BenchmarkSettings(
    bool Smoke,
    [property: JsonIgnore] string AdminToken,
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
    int PushSample,
    string PushProtocol,
    int Grids,
    bool MemoryStatuses,
    int HistoryDays,
    int SoakMinutes);

namespace Benchmark;

/// <summary>A scenario could not run correctly: the server failed, or counts did not add up. Missing a target is not one.</summary>
internal sealed class BenchmarkException(string message) : Exception(message);

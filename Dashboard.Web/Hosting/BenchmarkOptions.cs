namespace Dashboard.Web.Hosting;

/// <summary>Settings for the project's benchmark (section <c>Benchmark</c>), off in normal use.</summary>
public sealed class BenchmarkOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Benchmark";

    /// <summary>
    /// Maps the benchmark's endpoints under <c>/bench</c>: an empty write endpoint to compare ingestion with, and a
    /// memory reading after a full garbage collection. Default false.
    /// </summary>
    public bool Endpoints { get; set; }
}

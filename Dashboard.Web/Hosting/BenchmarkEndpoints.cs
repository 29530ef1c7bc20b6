using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Hosting;

/// <summary>What the benchmark measures against (spec 8), mapped only with <c>Benchmark:Endpoints=true</c>.</summary>
public static class BenchmarkEndpoints
{
    /// <summary>Maps <c>/bench</c> when <see cref="BenchmarkOptions.Endpoints"/> is on; otherwise nothing.</summary>
    public static IEndpointRouteBuilder MapBenchmarkEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(BenchmarkOptions.SectionName).Get<BenchmarkOptions>();
        if (options?.Endpoints != true)
        {
            return app;
        }

        var bench = app.MapGroup("/bench").WithTags("Benchmark").ExcludeFromDescription();
        bench.MapPost("/empty", PostEmpty);
        bench.MapGet("/memory", GetMemory);
        return app;
    }

    /// <summary>The empty endpoint of spec 8: answers 202 without reading the body or storing anything.</summary>
    public static Accepted PostEmpty() => TypedResults.Accepted((string?)null);

    /// <summary>The process's memory after a full, blocking, compacting garbage collection.</summary>
    public static Ok<MemoryReading> GetMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return TypedResults.Ok(new MemoryReading(ResidentBytes(), GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().HeapSizeBytes));
    }

    private static long ResidentBytes()
    {
        // VmRSS is what the kernel charges the process; Environment.WorkingSet where /proc is not there.
        const string Status = "/proc/self/status";
        if (File.Exists(Status))
        {
            foreach (var line in File.ReadLines(Status))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)
                    && long.TryParse(line["VmRSS:".Length..].Trim().Split(' ')[0], out var kibibytes))
                {
                    return kibibytes * 1024;
                }
            }
        }

        return Environment.WorkingSet;
    }
}

/// <summary>A memory reading: resident set, managed heap after a full collection, and the GC's heap size, in bytes.</summary>
public sealed record MemoryReading(long WorkingSetBytes, long ManagedHeapBytes, long GcHeapSizeBytes);

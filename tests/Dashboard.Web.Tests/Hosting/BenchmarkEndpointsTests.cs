using System.Diagnostics;
using System.Net;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>The endpoints the benchmark measures against: off by default, on with <c>Benchmark:Endpoints=true</c>.</summary>
public sealed class BenchmarkEndpointsTests : IDisposable
{
    private static readonly Dictionary<string, string> Enabled = new() { ["Benchmark:Endpoints"] = "true" };

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Without_the_setting_the_benchmark_endpoints_are_not_there()
    {
        await using var app = _directory.StartApp();
        using var client = app.CreateClient();

        using var empty = await client.PostJsonAsync("/bench/empty", Api.Visit(Api.UniqueId("bench")));
        using var memory = await client.GetAsync("/bench/memory");

        Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, memory.StatusCode);
    }

    [Fact]
    public async Task The_empty_endpoint_answers_202_and_stores_nothing()
    {
        await using var app = _directory.StartApp(settings: Enabled);
        using var client = app.CreateClient();
        var report = Api.Visit(Api.UniqueId("bench"));

        using var empty = await client.PostJsonAsync("/bench/empty", report);
        using var stored = await client.PostJsonAsync("/api/reports", report);

        Assert.Equal(HttpStatusCode.Accepted, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, stored.StatusCode);
        Assert.Equal("accepted", (await stored.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_memory_endpoint_reads_the_process_after_a_full_collection()
    {
        await using var app = _directory.StartApp(settings: Enabled);
        using var client = app.CreateClient();

        var memory = await client.GetJsonAsync("/bench/memory");

        var workingSet = memory.GetProperty("workingSetBytes").GetInt64();
        var managedHeap = memory.GetProperty("managedHeapBytes").GetInt64();
        var gcHeapSize = memory.GetProperty("gcHeapSizeBytes").GetInt64();
        Assert.InRange(managedHeap, 1, workingSet);
        Assert.InRange(gcHeapSize, 1, workingSet);
        // The resident set of this very process, not its address space (tens of GiB reserved): within its peak, which
        // the kernel keeps (other tests in the process may have grown and shrunk it meanwhile, so its size now says
        // little). The kernel updates the peak lazily, a few hundred KB behind at times, hence the room.
        Assert.InRange(workingSet, 1, 2 * Process.GetCurrentProcess().PeakWorkingSet64);
    }

    public void Dispose() => _directory.Dispose();
}

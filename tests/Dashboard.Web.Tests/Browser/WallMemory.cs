using System.Globalization;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// What a page holds, read through the Chrome DevTools Protocol after a forced garbage collection: its JavaScript heap
/// in use, its live DOM nodes and its event listeners (Chromium's own counters, as its task manager shows them).
/// </summary>
public sealed class WallMemory : IAsyncDisposable
{
    /// <summary>How many readings make one: measured, six of them 150 ms apart caught the page between its tasks.</summary>
    private const int Readings = 6;

    private static readonly TimeSpan ReadingSpacing = TimeSpan.FromMilliseconds(150);

    /// <summary>How long one call of the protocol may take.</summary>
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(30);

    private readonly ICDPSession _session;

    private WallMemory(ICDPSession session) => _session = session;

    /// <summary>Attaches to the tab's page.</summary>
    public static async Task<WallMemory> AttachAsync(BrowserTab tab)
    {
        ArgumentNullException.ThrowIfNull(tab);
        var session = await tab.Context.NewCDPSessionAsync(tab.Page);
        await session.SendAsync("Performance.enable").WaitAsync(CallLimit);
        return new WallMemory(session);
    }

    /// <summary>
    /// Collects the page's garbage and reads the counters, <see cref="Readings"/> times a few moments apart, and keeps the
    /// least of each. The collection runs as a task of its own in the page, and whatever the page's tasks made meanwhile
    /// (an activity push replaces feed items; a snapshot is parsed) counts until the next one: measured, single readings
    /// of a wall that holds 5 MB and 764 nodes ranged up to 10 MB and 2,400 nodes. That noise only adds, and what the
    /// page keeps is in every reading, so the least is what it holds.
    /// </summary>
    public async Task<MemoryReading> ReadAsync()
    {
        MemoryReading? least = null;
        for (var reading = 0; reading < Readings; reading++)
        {
            if (reading > 0)
            {
                await Task.Delay(ReadingSpacing);
            }

            var collected = _session.SendAsync("HeapProfiler.collectGarbage");
            var read = _session.SendAsync("Performance.getMetrics");
            await collected.WaitAsync(CallLimit);
            var answer = await read.WaitAsync(CallLimit) ?? throw new InvalidOperationException("Performance.getMetrics answered nothing");
            var metrics = answer.GetProperty("metrics").EnumerateArray()
                .ToDictionary(metric => metric.GetProperty("name").GetString()!, metric => metric.GetProperty("value").GetDouble());
            var (heap, nodes, listeners) = (Counter(metrics, "JSHeapUsedSize"), Counter(metrics, "Nodes"), Counter(metrics, "JSEventListeners"));
            least = least is null
                ? new MemoryReading(heap, nodes, listeners)
                : new MemoryReading(Math.Min(least.HeapBytes, heap), Math.Min(least.Nodes, nodes), Math.Min(least.Listeners, listeners));
        }

        return least!;
    }

    public async ValueTask DisposeAsync() => await _session.DetachAsync();

    private static long Counter(Dictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out var value)
            ? (long)value
            : throw new InvalidOperationException($"Performance.getMetrics has no {name}: {string.Join(", ", metrics.Keys)}");
}

/// <summary>A page's memory at one moment, after a forced garbage collection.</summary>
/// <param name="HeapBytes">The JavaScript heap in use (<c>JSHeapUsedSize</c>).</param>
/// <param name="Nodes">Live DOM nodes (<c>Nodes</c>).</param>
/// <param name="Listeners">Event listeners (<c>JSEventListeners</c>).</param>
public sealed record MemoryReading(long HeapBytes, long Nodes, long Listeners)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"heap {HeapBytes / 1048576.0:0.000} MB, {Nodes} nodes, {Listeners} listeners");
}

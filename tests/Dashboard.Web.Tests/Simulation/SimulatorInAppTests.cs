using System.Text.Json;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Storage;
using TestSupport;

namespace Dashboard.Web.Tests.Simulation;

/// <summary>The simulator inside the demo app: its writes go through ingestion into the log and the grains.</summary>
public sealed class SimulatorInAppTests : IDisposable
{
    private const string District = "xihaian";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("gridpulse-sim-").FullName;

    [Fact]
    public async Task The_simulator_moves_the_demo_districts_numbers_and_what_it_wrote_is_stored()
    {
        long visitsSeen;
        await using (var app = DemoApp(_dataDirectory, rate: 50))
        {
            using var client = app.CreateClient();

            var snapshot = await UntilAsync(client, s =>
                Count(s, "today", "visits") > 0
                && Count(s, "today", "casesReported") > 0
                && Count(s, "workers", "onDuty") + Count(s, "workers", "patrolling") > 0);

            visitsSeen = Count(snapshot, "total", "visits");
        }

        await using (var restarted = DemoApp(_dataDirectory, rate: 0))
        {
            using var client = restarted.CreateClient();
            var snapshot = await client.GetJsonAsync($"/api/units/{District}/metrics");

            Assert.True(Count(snapshot, "total", "visits") >= visitsSeen, "the visits the simulator wrote are in the log");
        }
    }

    [Fact]
    public async Task The_simulator_carries_on_after_storage_failures()
    {
        FlakyEventLog? flaky = null;
        await using var app = DemoApp(_dataDirectory, rate: 50, services => services.AddSingleton<IEventLog>(provider =>
            flaky = new FlakyEventLog(provider.GetRequiredService<SqliteEventLog>(), failures: 30)));
        using var client = app.CreateClient();

        await UntilAsync(client, s => Count(s, "today", "visits") > 0);

        Assert.True(flaky!.Calls > 30, "the simulator wrote after the failures");
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static long Count(JsonElement snapshot, string part, string field) => snapshot.GetProperty(part).GetProperty(field).GetInt64();

    /// <summary>The district's snapshot once <paramref name="condition"/> holds; fails after 30 seconds.</summary>
    private static async Task<JsonElement> UntilAsync(HttpClient client, Func<JsonElement, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var snapshot = await client.GetJsonAsync($"/api/units/{District}/metrics");
            if (condition(snapshot))
            {
                return snapshot;
            }

            Assert.False(timeout.IsCancellationRequested, $"the district's numbers did not move: {snapshot}");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>The demo at <paramref name="rate"/> activities a second, with a fixed seed and no history.</summary>
    private static GridPulseApp DemoApp(string dataDirectory, double rate, Action<IServiceCollection>? services = null) =>
        GridPulseApp.ForDemo(
            dataDirectory,
            new Dictionary<string, string>
            {
                ["Simulator:Rate"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Simulator:Seed"] = "1",
                ["Simulator:HistoryDays"] = "0",
            },
            services);

    /// <summary>The real log, failing its first appends as a full disk or a lost database would.</summary>
    private sealed class FlakyEventLog(IEventLog inner, int failures) : ForwardingEventLog(inner)
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) <= failures
                ? throw new IOException("simulated storage failure")
                : base.AppendAsync(entries, cancellationToken);
    }
}

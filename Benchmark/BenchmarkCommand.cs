using System.CommandLine;
using System.Security.Cryptography;

namespace Benchmark;

/// <summary>The command line of the benchmark: the output, the server to run, and every size with its full and smoke default.</summary>
internal static class BenchmarkCommand
{
    /// <summary>The scenario that runs ingestion and push on a cluster too (<see cref="BenchmarkRun"/>); it needs PostgreSQL and Redis.</summary>
    public const string ClusterScenario = "cluster";

    /// <summary>The soak test of a wall, run for <c>--minutes</c> (<see cref="WallSoakScenario"/>); it needs chromium.</summary>
    public const string SoakScenario = "soak";

    /// <summary>The scenarios a run without <c>--scenario</c> runs, in the order they run.</summary>
    public static readonly string[] DefaultScenarios = ["ingestion", "batch", "push", "memory", "reports"];

    /// <summary>Every scenario.</summary>
    public static readonly string[] ScenarioNames = [.. DefaultScenarios, ClusterScenario, SoakScenario];

    /// <summary>The hub protocols the push scenario's clients can speak (issue 14).</summary>
    public static readonly string[] PushProtocols = ["json", "messagepack"];

    public static RootCommand Create(Func<BenchmarkSettings, string, Task<int>> run)
    {
        var smoke = new Option<bool>("--smoke") { Description = "每个场景用极小的规模跑一遍（几秒），只在场景出错时失败 / every scenario at tiny sizes; fails only when a scenario breaks" };
        var output = new Option<string>("--out") { Description = "结果 JSON 文件 / the results JSON file", DefaultValueFactory = _ => "benchmark-results.json" };
        var server = new Option<string?>("--server") { Description = "服务器 Dashboard.Web.dll 的路径 / the server dll (default Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll of the repository)" };
        var scenarios = new Option<string[]>("--scenario")
        {
            Description = "只跑这些场景 / run only these scenarios (default all but cluster and soak); cluster: ingestion and push on 2 silos + 1 web node on PostgreSQL, beside the single process; soak: a wall in chromium under live load for --minutes",
            AllowMultipleArgumentsPerToken = true,
        };
        scenarios.AcceptOnlyFromAmong(ScenarioNames);
        var threads = Size("--threads", "wrk 线程数 / wrk threads", 2, 2);
        var connections = Size("--connections", "wrk 并发连接数 / wrk connections", 64, 8);
        var duration = Size("--duration", "wrk 每个端点的时长（秒）/ wrk seconds per endpoint", 10, 1);
        var batchConnections = Size("--batch-connections", "批量上报的并发发送者 / concurrent batch senders", 4, 2);
        var recoveryReports = Size("--recovery-reports", "批量写入并在重启后恢复的报告数 / reports to batch-ingest and recover", 1_000_000, 5_000);
        var clients = Size("--clients", "订阅推送的客户端数 / subscribed hub clients", 1_000, 10);
        var rate = Size("--rate", "推送场景每秒报告数 / reports per second in the push scenario", 1_000, 20);
        var pushSeconds = Size("--push-seconds", "推送场景时长（秒）/ push scenario seconds", 30, 3);
        var pushInterval = Size("--push-interval", "服务器的推送间隔（毫秒）/ the server's push interval (ms)", 250, 250);
        var pushProcesses = Size("--push-processes", "客户端的 node 进程数，0 为每 250 个客户端一个 / node processes for the clients, 0: one per 250 clients", 0, 0);
        var pushSample = Size("--push-sample", "用官方客户端解码快照、给出延迟的客户端数，其余只计数 / clients on the official client that decode snapshots and give the latency; the rest only count them", 50, 5);
        var pushProtocol = new Option<string>("--push-protocol")
        {
            Description = "推送场景客户端的 SignalR 协议 / the hub protocol of the push scenario's clients: json or messagepack",
            DefaultValueFactory = _ => "json",
        };
        pushProtocol.AcceptOnlyFromAmong(PushProtocols);
        var statuses = new Option<bool?>("--memory-statuses") { Description = "内存场景也为每个网格员逐条上报在岗状态 / the memory scenario also posts each worker's duty status, one request each; off (--smoke: on)" };
        var historyDays = Size("--history-days", "通报场景的演示历史天数（每天约 5,800 条报告）/ days of demo history in the reports scenario (about 5,800 reports a day)", 366, 2);
        var soakMinutes = Size("--minutes", "浸泡场景的分钟数 / minutes of the soak scenario", 30, 1);
        var grids = Size("--grids", "内存场景的网格数 / grids of the memory scenario's organisation", 100_000, 500);

        var command = new RootCommand("GridPulse 性能基准：按规格第 8 节测量 / measures GridPulse against spec section 8")
        {
            smoke, output, server, scenarios, threads.Option, connections.Option, duration.Option, batchConnections.Option,
            recoveryReports.Option, clients.Option, rate.Option, pushSeconds.Option, pushInterval.Option, pushProcesses.Option, pushSample.Option, pushProtocol, grids.Option, statuses, historyDays.Option,
            soakMinutes.Option,
        };
        command.SetAction((parse, _) =>
        {
            var isSmoke = parse.GetValue(smoke);
            if (RepositoryRoot() is not { } root)
            {
                Console.Error.WriteLine("找不到仓库根目录（Dashboard.sln）/ Dashboard.sln not found above the benchmark or the working directory");
                return Task.FromResult(2);
            }

            var clientCount = clients.Value(parse, isSmoke);
            var processes = pushProcesses.Value(parse, isSmoke);
            var settings = new BenchmarkSettings(
                isSmoke,
                $"bench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}",
                Path.GetFullPath(parse.GetValue(server) ?? Path.Combine(root, "Dashboard.Web", "bin", "Release", "net10.0", "Dashboard.Web.dll")),
                root,
                parse.GetValue(scenarios) is { Length: > 0 } chosen ? chosen : DefaultScenarios,
                threads.Value(parse, isSmoke),
                connections.Value(parse, isSmoke),
                duration.Value(parse, isSmoke),
                batchConnections.Value(parse, isSmoke),
                recoveryReports.Value(parse, isSmoke),
                clientCount,
                rate.Value(parse, isSmoke),
                pushSeconds.Value(parse, isSmoke),
                pushInterval.Value(parse, isSmoke),
                processes > 0 ? processes : Math.Max(1, (clientCount + 249) / 250),
                pushSample.Value(parse, isSmoke),
                parse.GetValue(pushProtocol)!,
                grids.Value(parse, isSmoke),
                parse.GetValue(statuses) ?? isSmoke,
                historyDays.Value(parse, isSmoke),
                soakMinutes.Value(parse, isSmoke));
            return run(settings, Path.GetFullPath(parse.GetValue(output)!));
        });
        return command;
    }

    private static SizeOption Size(string name, string description, int full, int smoke) =>
        new(new Option<int?>(name) { Description = $"{description}; {full} (--smoke: {smoke})" }, full, smoke);

    // The repository is where Dashboard.sln is, above the benchmark's binary or the working directory.
    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    private sealed record SizeOption(Option<int?> Option, int Full, int Smoke)
    {
        public int Value(ParseResult parse, bool smoke) => parse.GetValue(Option) ?? (smoke ? Smoke : Full);
    }
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Benchmark;

/// <summary>Prints the results as a table and writes them as indented JSON.</summary>
internal static class ResultsOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Table(RunResults results)
    {
        // A run with the cluster scenario holds each of its scenarios twice: every row says on which deployment.
        var both = results.Scenarios.Any(scenario => scenario.Deployment == Deployment.Cluster.Name);
        var rows = new List<string[]> { Header };
        foreach (var scenario in results.Scenarios)
        {
            var name = both ? $"{scenario.Scenario} ({Deployment.Named(scenario.Deployment).Description})" : scenario.Scenario;
            foreach (var figure in scenario.Figures)
            {
                // A figure of an invalid run holds no target; the ones that say why it is invalid keep theirs.
                var holds = scenario.Invalid is not null && figure.Target is not null && figure.Holds is null ? Invalid : Holds(figure.Holds);
                rows.Add([name, figure.Name, figure.Target ?? "", Measured(figure), holds]);
            }

            if (scenario.Invalid is not null)
            {
                rows.Add([name, "测量无效 invalid run", "", scenario.Invalid, Invalid]);
            }

            if (!scenario.Succeeded)
            {
                rows.Add([name, "运行失败 failed", "", scenario.Error?.Split('\n')[0] ?? "", "否 no"]);
            }
        }

        var table = new StringBuilder(Render(rows));
        if (both)
        {
            table.AppendLine();
            table.AppendLine("同一次运行：单进程与集群 the same run, single process beside the cluster:");
            table.Append(Render(Comparison(results.Scenarios)));
        }

        var machine = results.Machine;
        table.AppendLine(CultureInfo.InvariantCulture, $"机器 machine: {machine.Cores} cores, {machine.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB, {machine.Os}, {machine.Runtime}, commit {machine.Commit ?? "?"}, {machine.UtcTime:yyyy-MM-dd HH:mm:ss} UTC");
        return table.ToString();
    }

    public static async Task WriteJsonAsync(RunResults results, string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, results, JsonOptions);
    }

    /// <summary>The figure's value with its unit, as the table shows it.</summary>
    public static string Measured(Figure figure)
    {
        var format = Math.Abs(figure.Value) >= 100 || figure.Value == Math.Floor(figure.Value) ? "N0" : "#,0.###";
        return $"{figure.Value.ToString(format, CultureInfo.InvariantCulture)} {figure.Unit}".TrimEnd();
    }

    private const string Invalid = "无效 invalid";

    private static readonly string[] Header = ["场景 scenario", "指标 figure", "目标 target", "实测 measured", "达标 holds"];

    // Each scenario that ran on both deployments, figure by figure (the single process's in its order, then those only
    // the cluster has), with the cluster's value over the single process's where both have one in the same unit.
    private static List<string[]> Comparison(IReadOnlyList<ScenarioResult> scenarios)
    {
        var rows = new List<string[]> { new[] { "场景 scenario", "指标 figure", Deployment.SingleProcess.Description, Deployment.Cluster.Description, "集群/单进程 cluster/single" } };
        foreach (var single in scenarios.Where(scenario => scenario.Deployment == Deployment.SingleProcess.Name))
        {
            if (scenarios.FirstOrDefault(scenario => scenario.Scenario == single.Scenario && scenario.Deployment == Deployment.Cluster.Name) is not { } cluster)
            {
                continue;
            }

            rows.Add([single.Scenario, "有效 valid", Verdict(single), Verdict(cluster), ""]);
            foreach (var name in single.Figures.Concat(cluster.Figures).Select(figure => figure.Name).Distinct())
            {
                var left = single.Figures.FirstOrDefault(figure => figure.Name == name);
                var right = cluster.Figures.FirstOrDefault(figure => figure.Name == name);
                var ratio = left is not null && right is not null && left.Unit == right.Unit && left.Value != 0
                    ? (right.Value / left.Value).ToString("0.00", CultureInfo.InvariantCulture)
                    : "";
                rows.Add([single.Scenario, name, left is null ? "" : Measured(left), right is null ? "" : Measured(right), ratio]);
            }
        }

        return rows;
    }

    private static string Verdict(ScenarioResult scenario) =>
        !scenario.Succeeded ? "运行失败 failed" : scenario.Invalid is not null ? Invalid : "是 yes";

    private static string Render(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => Width(row[column]))).ToArray();
        var table = new StringBuilder();
        foreach (var row in rows)
        {
            table.AppendLine(string.Join(" | ", row.Select((cell, column) => cell + new string(' ', widths[column] - Width(cell)))).TrimEnd());
            if (row == rows[0])
            {
                table.AppendLine(string.Join("-|-", widths.Select(width => new string('-', width))));
            }
        }

        return table.ToString();
    }

    private static string Holds(bool? holds) => holds switch
    {
        true => "是 yes",
        false => "否 no",
        null => "",
    };

    // Chinese characters take two columns in a terminal.
    private static int Width(string text) => text.Sum(character => character >= '\u2E80' ? 2 : 1);
}

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
        string[] header = ["场景 scenario", "指标 figure", "目标 target", "实测 measured", "达标 holds"];
        var rows = new List<string[]> { header };
        foreach (var scenario in results.Scenarios)
        {
            foreach (var figure in scenario.Figures)
            {
                // A figure of an invalid run holds no target; the ones that say why it is invalid keep theirs.
                var holds = scenario.Invalid is not null && figure.Target is not null && figure.Holds is null ? Invalid : Holds(figure.Holds);
                rows.Add([scenario.Scenario, figure.Name, figure.Target ?? "", Measured(figure), holds]);
            }

            if (scenario.Invalid is not null)
            {
                rows.Add([scenario.Scenario, "测量无效 invalid run", "", scenario.Invalid, Invalid]);
            }

            if (!scenario.Succeeded)
            {
                rows.Add([scenario.Scenario, "运行失败 failed", "", scenario.Error?.Split('\n')[0] ?? "", "否 no"]);
            }
        }

        var widths = Enumerable.Range(0, header.Length).Select(column => rows.Max(row => Width(row[column]))).ToArray();
        var table = new StringBuilder();
        foreach (var row in rows)
        {
            table.AppendLine(string.Join(" | ", row.Select((cell, column) => cell + new string(' ', widths[column] - Width(cell)))).TrimEnd());
            if (row == header)
            {
                table.AppendLine(string.Join("-|-", widths.Select(width => new string('-', width))));
            }
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

    private static string Holds(bool? holds) => holds switch
    {
        true => "是 yes",
        false => "否 no",
        null => "",
    };

    // Chinese characters take two columns in a terminal.
    private static int Width(string text) => text.Sum(character => character >= '\u2E80' ? 2 : 1);
}

using System.Net;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>How the product starts: the organisation it loads and how it refuses to start without a usable one.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Without_an_organisation_or_demo_start_up_fails_saying_what_to_pass()
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync("--data", _directory.DataDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--org FILE", output, StringComparison.Ordinal);
        Assert.Contains("--demo", output, StringComparison.Ordinal);
        Assert.Contains("组织文件", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_organisation_file_stops_start_up_with_its_message()
    {
        var file = Path.Combine(_directory.Path, "broken.json");
        await File.WriteAllTextAsync(file, """{"id": "d", "name": "区", "level": "district", "children": [ """);

        var (exitCode, output) = await AppProcess.RunToExitAsync("--org", file, "--data", _directory.DataDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("broken.json", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_organisation_file_stops_start_up_naming_it()
    {
        var file = Path.Combine(_directory.Path, "missing.json");

        var (exitCode, output) = await AppProcess.RunToExitAsync("--org", file, "--data", _directory.DataDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("missing.json", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_interval_out_of_range_stops_start_up_saying_the_range()
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync("--demo", "--push-interval", "5", "--data", _directory.DataDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("10 到 60000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluation_weights_that_do_not_sum_to_100_stop_start_up_naming_the_setting()
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync("--demo", "--Evaluation:Weights:OnTime=70", "--data", _directory.DataDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Evaluation:Weights", output, StringComparison.Ordinal);
        Assert.Contains("100", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Surge:Multiple=0.5", "Surge:Multiple")]
    [InlineData("--Surge:MinimumCount=0", "Surge:MinimumCount")]
    public async Task A_surge_rule_out_of_range_stops_start_up_naming_the_setting(string setting, string named)
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync("--demo", setting, "--data", _directory.DataDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_loads_the_shipped_organisation_and_turns_the_simulator_on()
    {
        await using var demo = GridPulseApp.ForDemo(_directory.DataDirectory, new Dictionary<string, string> { ["Simulator:HistoryDays"] = "0" });
        using var client = demo.CreateClient();

        var units = await client.GetJsonAsync("/api/units");

        Assert.Equal("青岛西海岸新区", units[0].GetProperty("name").GetString());
        Assert.Equal("20", demo.Services.GetRequiredService<IConfiguration>()["Simulator:Rate"]);
    }

    [Theory]
    [InlineData("/", "今日走访", "/js/app.js")]
    [InlineData("/wall/t-s1", "今日走访", "/js/app.js")]
    [InlineData("/report", "网格员", "/js/report/report.js")]
    public async Task The_pages_are_served_in_chinese_at_their_addresses(string path, string text, string script)
    {
        await using var app = _directory.StartApp();
        using var client = app.CreateClient();

        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var code = await client.GetStringAsync(new Uri(script, UriKind.Relative));

        Assert.Contains("lang=\"zh-CN\"", page, StringComparison.Ordinal);
        Assert.Contains(text, page, StringComparison.Ordinal);
        Assert.Contains($"src=\"{script}\"", page, StringComparison.Ordinal);
        Assert.StartsWith("/**", code, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}

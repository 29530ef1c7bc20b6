using Dashboard.Web.Simulation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.Simulation;

public sealed class SimulatorRegistrationTests
{
    [Fact]
    public void The_rate_is_read_from_the_simulator_section_and_off_by_default()
    {
        var configured = Options(new() { ["Simulator:Rate"] = "12.5", ["Simulator:Seed"] = "42" });
        var unconfigured = Options([]);

        Assert.Equal(12.5, configured.Value.Rate);
        Assert.Equal(42, configured.Value.Seed);
        Assert.Equal(0, unconfigured.Value.Rate);
        Assert.Null(unconfigured.Value.Seed);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("1000000")]
    public void A_rate_out_of_range_is_refused(string rate)
    {
        var options = Options(new() { ["Simulator:Rate"] = rate });

        var exception = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Contains("Simulator:Rate", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void History_days_are_read_from_the_simulator_section_and_none_by_default()
    {
        Assert.Equal(14, Options(new() { ["Simulator:HistoryDays"] = "14" }).Value.HistoryDays);
        Assert.Equal(0, Options([]).Value.HistoryDays);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("367")]
    public void History_days_out_of_range_are_refused(string days)
    {
        var options = Options(new() { ["Simulator:HistoryDays"] = days });

        var exception = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Contains("Simulator:HistoryDays", exception.Message, StringComparison.Ordinal);
    }

    private static IOptions<SimulatorOptions> Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSimulator(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<SimulatorOptions>>();
    }
}

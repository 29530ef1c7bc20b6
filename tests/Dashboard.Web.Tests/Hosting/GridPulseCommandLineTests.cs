using Silo.Hosting;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Tests.Hosting;

public sealed class GridPulseCommandLineTests
{
    [Fact]
    public void A_bare_demo_flag_becomes_true_and_leaves_the_next_option_alone()
    {
        var normalised = GridPulseCommandLine.Normalise(["--demo", "--urls", "http://127.0.0.1:5080"]);

        Assert.Equal(["--Demo=true", "--urls", "http://127.0.0.1:5080"], normalised);
    }

    [Fact]
    public void The_short_options_become_configuration_keys()
    {
        var normalised = GridPulseCommandLine.Normalise(
            ["--data", "/tmp/d", "--org=org.json", "--simulate", "0", "--timezone", "UTC", "--push-interval", "500", "--demo=false"]);

        Assert.Equal(
            ["--Storage:DataDirectory=/tmp/d", "--Organisation:File=org.json", "--Simulator:Rate=0", "--GridPulse:TimeZone=UTC",
                "--Push:IntervalMilliseconds=500", "--Demo=false"],
            normalised);
    }

    [Fact]
    public void Other_arguments_pass_through()
    {
        var normalised = GridPulseCommandLine.Normalise(["--urls=http://+:80", "--Silo:CollectionAge=00:05:00"]);

        Assert.Equal(["--urls=http://+:80", "--Silo:CollectionAge=00:05:00"], normalised);
    }

    [Theory]
    [InlineData("--data")]
    [InlineData("--org", "--demo")]
    public void A_value_option_without_its_value_stops_start_up_with_a_message(params string[] args)
    {
        var exception = Assert.Throws<StartupException>(() => GridPulseCommandLine.Normalise(args));

        Assert.Contains(args[0], exception.Message, StringComparison.Ordinal);
    }
}

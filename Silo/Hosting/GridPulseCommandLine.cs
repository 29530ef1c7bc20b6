namespace Silo.Hosting;

/// <summary>
/// Turns the product's short options (<c>--demo</c>, <c>--data DIR</c>, <c>--org FILE</c>, <c>--simulate RATE</c>,
/// <c>--timezone ZONE</c>, <c>--push-interval MS</c>, <c>--silo-port PORT</c>, <c>--gateway-port PORT</c>, <c>--postgres CONNSTRING</c>, <c>--redis CONFIG</c>, <c>--address IP</c>) into configuration keys, so they sit with appsettings.json and environment variables
/// in ASP.NET Core's usual order. Anything else (<c>--urls</c>, <c>--Section:Key=value</c>) passes through.
/// </summary>
public static class GridPulseCommandLine
{
    private static readonly Dictionary<string, string> ValueOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--data"] = "Storage:DataDirectory",
        ["--org"] = "Organisation:File",
        ["--simulate"] = "Simulator:Rate",
        ["--timezone"] = "GridPulse:TimeZone",
        ["--push-interval"] = "Push:IntervalMilliseconds",
        ["--silo-port"] = "Cluster:SiloPort",
        ["--gateway-port"] = "Cluster:GatewayPort",
        ["--postgres"] = "ConnectionStrings:GridPulse",
        ["--redis"] = GridPulseClusterOptions.RedisKey,
        ["--address"] = "Cluster:AdvertisedAddress",
    };

    private static readonly Dictionary<string, string> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--demo"] = "Demo",
    };

    /// <summary>The arguments with the short options rewritten as <c>--Key=value</c>.</summary>
    /// <exception cref="StartupException">A value option is missing its value.</exception>
    public static string[] Normalise(IReadOnlyList<string> args)
    {
        var normalised = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            if (Flags.TryGetValue(name, out var flagKey))
            {
                normalised.Add($"--{flagKey}={inlineValue ?? "true"}");
            }
            else if (ValueOptions.TryGetValue(name, out var key))
            {
                var value = inlineValue ?? TakeValue(args, ref i, name);
                normalised.Add($"--{key}={value}");
            }
            else
            {
                normalised.Add(args[i]);
            }
        }

        return [.. normalised];
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (arg, null) : (arg[..equals], arg[(equals + 1)..]);
    }

    private static string TakeValue(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new StartupException($"选项 {name} 缺少取值。 Option {name} needs a value.");
        }

        i++;
        return args[i];
    }
}

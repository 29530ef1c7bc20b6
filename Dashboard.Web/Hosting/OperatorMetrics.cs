using Dashboard.Web.Accounts;
using Grains.Hosting;
using OpenTelemetry.Metrics;
using Silo.Hosting;
using Storage;

namespace Dashboard.Web.Hosting;

/// <summary>
/// The meters an operator watches, exported with OpenTelemetry in Prometheus text at <see cref="Path"/> for
/// administrators: GridPulse's own (<see cref="WebMetrics"/>, <see cref="GrainsMetrics"/>, <see cref="LogMetrics"/>),
/// ASP.NET Core's, the .NET runtime's and, with Orleans' diagnostics on, Orleans'. The same meters are readable with <c>dotnet-counters</c>.
/// </summary>
public static class OperatorMetrics
{
    /// <summary>Where the scraper reads.</summary>
    public const string Path = "/metrics";

    /// <summary>The meters exported: ours, ASP.NET Core's (requests, Kestrel, SignalR connections, rate limiting, sign-ins) and the runtime's.</summary>
    public static readonly string[] Meters = [WebMetrics.MeterName, GrainsMetrics.MeterName, LogMetrics.MeterName, "Microsoft.AspNetCore.*", "System.Runtime"];

    private const int MaxTagCombinations = 100;

    /// <summary>Orleans' meter, exported with its diagnostics on (<see cref="GridPulseSiloBuilderExtensions.OrleansDiagnosticsKey"/>).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Registers the web node's instruments and the exporter.</summary>
    public static WebApplicationBuilder AddGridPulseMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebMetrics>();
        var meters = builder.Configuration.GetValue<bool>(GridPulseSiloBuilderExtensions.OrleansDiagnosticsKey) ? [.. Meters, OrleansMeter] : Meters;
        // The SDK sets aside room for 2,000 tag combinations a metric; ours have a handful, and 100 keeps its memory small.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(meters)
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MaxTagCombinations })
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps <see cref="Path"/>, for administrators (a scraper sends an admin account's token or the admin token).</summary>
    public static IEndpointRouteBuilder MapGridPulseMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(AccountsExtensions.AdminPolicy);
        return app;
    }
}

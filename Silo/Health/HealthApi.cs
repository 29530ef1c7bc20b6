using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Health;

/// <summary>Liveness and readiness (spec 3) of every GridPulse process: a web node and a silo of its own.</summary>
public static class HealthApi
{
    /// <summary>The tag of the checks that readiness runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Liveness: the process answers.</summary>
    public const string LivePath = "/healthz";

    /// <summary>Readiness: the process can serve.</summary>
    public const string ReadyPath = "/readyz";

    /// <summary>The checks of readiness: the event log answers and has space, and an active silo answers.</summary>
    public static IServiceCollection AddGridPulseHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageReadinessCheck>("storage", tags: [ReadyTag])
            .AddCheck<ClusterReadinessCheck>("cluster", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps <c>/healthz</c> (the process answers; no storage) and <c>/readyz</c> (storage reachable, cluster joined).</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }
}

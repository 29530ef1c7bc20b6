using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Dashboard.Web.Apis;

/// <summary>Liveness and readiness (spec 3).</summary>
public static class HealthApi
{
    /// <summary>The tag of the checks that readiness runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Liveness: the process answers.</summary>
    public const string LivePath = "/healthz";

    /// <summary>Readiness: the process can serve.</summary>
    public const string ReadyPath = "/readyz";

    /// <summary>Maps <c>/healthz</c> (the process answers; no storage) and <c>/readyz</c> (storage reachable).</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }
}

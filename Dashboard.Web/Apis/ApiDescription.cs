using System.Net.Mime;
using Dashboard.Web.Accounts;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Silo.Health;

namespace Dashboard.Web.Apis;

/// <summary>
/// The OpenAPI document of the HTTP API at <c>/openapi/v1.json</c> (spec 10), from <c>Microsoft.AspNetCore.OpenApi</c>:
/// the endpoints' own metadata (typed results, the bodies they accept, the problems they answer) plus the two ways to
/// authenticate, and which operations need them.
/// </summary>
public static class ApiDescription
{
    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/{documentName}.json";

    private const string BearerScheme = "bearer";
    private const string CookieScheme = "cookie";
    private const string ProblemJson = "application/problem+json";

    /// <summary>Registers the document <c>v1</c>.</summary>
    public static IServiceCollection AddGridPulseOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "GridPulse API",
                    Version = "v1",
                    Description = "网格化基层治理实时指挥大屏的 HTTP API：上报、事件、单位指标与账号。问题应答为 application/problem+json（RFC 9457），"
                        + "文字为简体中文。 / The HTTP API of GridPulse: reports, cases, units' numbers and accounts. Problems are "
                        + "application/problem+json (RFC 9457) in Simplified Chinese. Live numbers: the SignalR hub /hubs/metrics (see the README).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "API 令牌、网格员链接的令牌或管理员令牌 / an API token, a worker link's token or the admin token: Authorization: Bearer TOKEN",
                };
                document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = AccountsExtensions.CookieName,
                    Description = "浏览器登录后的会话 / a browser's session after signing in (POST /signin, a sign-in or display link); writes also need the antiforgery header",
                };
                // The health checks and the scraper are not route handlers, so their endpoints' metadata does not describe them.
                document.Paths ??= [];
                Dictionary<string, string> health = new() { ["200"] = "Healthy", ["503"] = "Unhealthy" };
                document.Paths[HealthApi.LivePath] = PlainText("存活：进程在应答，不触及存储 / alive: the process answers; touches no storage", health);
                document.Paths[HealthApi.ReadyPath] = PlainText("就绪：存储可达、可以服务 / ready: storage reachable, the process can serve", health);
                document.Paths[OperatorMetrics.Path] = PlainText(
                    "运维指标（Prometheus 文本格式，仅管理员） / the operators' metrics in Prometheus text, administrators only",
                    new Dictionary<string, string> { ["200"] = "Prometheus text exposition", ["401"] = "No identity", ["403"] = "Not an administrator" },
                    Identity(document));
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }

                operation.Security = Identity(context.Document!);
                return Task.CompletedTask;
            });
        });

    /// <summary>A GET answering plain text, for the endpoints that are not route handlers.</summary>
    private static OpenApiPathItem PlainText(string summary, IDictionary<string, string> answers, IList<OpenApiSecurityRequirement>? security = null)
    {
        var responses = new OpenApiResponses();
        foreach (var (status, description) in answers)
        {
            responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [MediaTypeNames.Text.Plain] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
        }

        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new() { Summary = summary, Responses = responses, Security = security },
            },
        };
    }

    private static List<OpenApiSecurityRequirement> Identity(OpenApiDocument document) =>
    [
        new() { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
        new() { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] },
    ];

    /// <summary>Serves the document to anyone: it describes the API, and every operation says what it needs.</summary>
    public static IEndpointRouteBuilder MapGridPulseOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Declares the problem answers <paramref name="statuses"/> (<c>application/problem+json</c>) of an endpoint or a
    /// group, for the answers the typed results do not declare themselves.
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
        }

        return builder;
    }

    /// <summary>
    /// The problems every signed-in endpoint may answer before its handler runs: 401 without a valid identity, 429 when
    /// the caller's rate limit is spent.
    /// </summary>
    public static TBuilder ProducesCallerProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);

    /// <summary>The problems of reading a JSON body (<see cref="JsonBody"/>): 400 bad JSON or fields, 413 too large, 415 not JSON.</summary>
    public static TBuilder ProducesBodyProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

    /// <summary>
    /// The problems of a write through <see cref="WriteAnswers"/>: the body's, 403 outside the caller's scope, 409 the
    /// id taken by other content (or an illegal transition); 507 the storage full and 503 the database or the silos out (<see cref="OutageAnswer"/>); and the caller's.
    /// </summary>
    public static TBuilder ProducesWriteProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesCallerProblems().ProducesBodyProblems()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status507InsufficientStorage);
}

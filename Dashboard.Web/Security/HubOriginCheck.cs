using Dashboard.Web.Apis;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Refuses with 403, before the WebSocket upgrade, a hub request whose <c>Origin</c> is neither the server's own
/// host nor one of <see cref="SecurityOptions.AllowedOrigins"/>: a browser sends the wall's cookie with a WebSocket
/// opened by any site, so the origin is what tells a page of ours from someone else's. A request without
/// <c>Origin</c> comes from a non-browser client and passes.
/// </summary>
public sealed class HubOriginCheck(RequestDelegate next, IOptions<SecurityOptions> options)
{
    /// <summary>The path under which every hub is mapped.</summary>
    public const string HubsPath = "/hubs";

    /// <summary>Passes the request on, or answers 403 for a foreign origin on the hubs.</summary>
    public Task InvokeAsync(HttpContext context) =>
        !context.Request.Path.StartsWithSegments(HubsPath) || IsAllowed(context.Request, options.Value.AllowedOrigins)
            ? next(context)
            : Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "不允许其他网站的页面连接实时推送（Origin 不被允许）。");

    /// <summary>True when the request carries no <c>Origin</c>, or one of the request's own host or of <paramref name="allowed"/>.</summary>
    public static bool IsAllowed(HttpRequest request, IReadOnlyList<string> allowed)
    {
        var origins = request.Headers.Origin;
        if (origins.Count == 0)
        {
            return true;
        }

        if (origins.Count > 1 || !Uri.TryCreate(origins[0], UriKind.Absolute, out var origin))
        {
            return false;
        }

        return string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            || allowed.Any(entry => Uri.TryCreate(entry, UriKind.Absolute, out var trusted)
                && string.Equals(trusted.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(trusted.Authority, origin.Authority, StringComparison.OrdinalIgnoreCase));
    }
}

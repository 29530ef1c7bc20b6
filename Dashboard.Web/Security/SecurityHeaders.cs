using Dashboard.Web.Hosting;
using Microsoft.Extensions.Primitives;

namespace Dashboard.Web.Security;

/// <summary>
/// Sets the browser protections on every response, when it starts, so that answers written after an error (the
/// exception handler clears the headers) carry them too.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// Scripts, styles, images and connections from the app itself only (no inline script or style attribute), no
    /// framing, no foreign form targets.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>
    /// The Orleans dashboard's pages (administrators only): the same, but its bundled libraries set inline styles and
    /// its fonts may come as data.
    /// </summary>
    public const string OrleansDashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly StringValues Policy = ContentSecurityPolicy;
    private static readonly StringValues DashboardPolicy = OrleansDashboardPolicy;
    private static readonly StringValues NoSniff = "nosniff";
    private static readonly StringValues NoReferrer = "no-referrer";
    private static readonly StringValues Deny = "DENY";

    /// <summary>Registers the headers for the response, then passes the request on.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(Apply, context);
        return next(context);
    }

    // Display links carry their secret in the address, so no page sends a Referer.
    private static Task Apply(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(PagesExtensions.OrleansDashboardPath, StringComparison.OrdinalIgnoreCase)
            ? DashboardPolicy
            : Policy;
        headers.XContentTypeOptions = NoSniff;
        headers["Referrer-Policy"] = NoReferrer;
        headers.XFrameOptions = Deny;
        return Task.CompletedTask;
    }
}

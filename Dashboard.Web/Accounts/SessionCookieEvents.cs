using Dashboard.Web.Apis;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Dashboard.Web.Accounts;

/// <summary>
/// The cookie's events: every request checks that the cookie's credential (a session or a display link) is still
/// active, so a revocation takes effect at the next request; the API and the hub answer 401 and 403 as problem
/// documents where a page would redirect to the sign-in page.
/// </summary>
public sealed class SessionCookieEvents(AccountStore accounts) : CookieAuthenticationEvents
{
    /// <inheritdoc />
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var credentialId = context.Principal?.FindFirst(GridPulseClaims.Credential)?.Value;
        if (credentialId is null || !await accounts.IsActiveAsync(credentialId))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }

    /// <inheritdoc />
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsForMachines(context.Request))
        {
            return Problems.Result(StatusCodes.Status401Unauthorized, "需要有效的令牌或登录。").ExecuteAsync(context.HttpContext);
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Problems.Result(StatusCodes.Status403Forbidden, "无权访问。").ExecuteAsync(context.HttpContext);
    }

    // The API, the hub and the metrics scraper answer 401; a page sends the browser to sign in.
    private static bool IsForMachines(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments(OperatorMetrics.Path, StringComparison.OrdinalIgnoreCase);
}

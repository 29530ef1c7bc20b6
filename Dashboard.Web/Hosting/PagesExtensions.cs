using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.Extensions.FileProviders;
using Orleans.Dashboard;
using Silo.Hosting;

namespace Dashboard.Web.Hosting;

/// <summary>Serves the pages under wwwroot.</summary>
public static class PagesExtensions
{
    /// <summary>Where the Orleans dashboard is served, with a trailing slash; the path without it redirects there.</summary>
    public const string OrleansDashboardPath = "/admin/orleans";

    /// <summary>
    /// Serves the files under wwwroot to anyone, from the content root when run from the project (so edits show at
    /// once) and from the copy next to the binary when it runs from anywhere else; and the pages: the wall at
    /// <c>/</c> and <c>/wall/{unitId}</c>, the evaluation <c>/evaluation/{unitId}</c> and the bulletins <c>/reports/{unitId}</c> for a signed-in browser (others go to the sign-in page), the cases desk
    /// <c>/cases</c> and <c>/cases/{caseId}</c> and wall operations <c>/walls</c> for leaders and administrators (a display or worker gets 403), the grid worker's
    /// page <c>/report</c> and the sign-in page <c>/signin</c> for anyone (their API calls carry the credential), the
    /// admin page <c>/admin</c>, onboarding in bulk <c>/onboarding/{unitId}</c> and, with Orleans' diagnostics on, the Orleans dashboard <see cref="OrleansDashboardPath"/>
    /// (its pages and the data they poll) for administrators.
    /// </summary>
    public static WebApplication UseGridPulsePages(this WebApplication app)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(shipped))
        {
            app.Environment.WebRootFileProvider = new CompositeFileProvider(
                app.Environment.WebRootFileProvider, new PhysicalFileProvider(shipped));
        }

        app.UseStaticFiles();
        app.MapFallbackToFile("/", "index.html");
        app.MapFallbackToFile("/wall/{unitId}", "index.html");
        app.MapFallbackToFile("/cases", "cases.html").RequireAuthorization(AccountsExtensions.DeskPolicy);
        app.MapFallbackToFile("/cases/{caseId}", "cases.html").RequireAuthorization(AccountsExtensions.DeskPolicy);
        app.MapFallbackToFile("/walls", "walls.html").RequireAuthorization(AccountsExtensions.DeskPolicy);
        app.MapFallbackToFile("/evaluation", "evaluation.html");
        app.MapFallbackToFile("/evaluation/{unitId}", "evaluation.html");
        app.MapFallbackToFile("/reports", "reports.html");
        app.MapFallbackToFile("/reports/{unitId}", "reports.html");
        app.MapFallbackToFile("/report", "report.html").AllowAnonymous();
        app.MapFallbackToFile(SignInEndpoints.SignInPath, "signin.html").AllowAnonymous();
        app.MapFallbackToFile("/admin", "admin.html").RequireAuthorization(AccountsExtensions.AdminPolicy);
        app.MapFallbackToFile("/onboarding", "onboarding.html").RequireAuthorization(AccountsExtensions.AdminPolicy);
        app.MapFallbackToFile("/onboarding/{unitId}", "onboarding.html").RequireAuthorization(AccountsExtensions.AdminPolicy);
        // The dashboard has no sign-in of its own and shows grains' state: administrators only; not part of the API.
        if (app.Configuration.GetValue<bool>(GridPulseSiloBuilderExtensions.OrleansDiagnosticsKey))
        {
            // Its page loads its scripts relative to its folder, so the address without the slash leads there (routing
            // itself matches both alike).
            app.UseRewriter(new RewriteOptions().AddRedirect($"^{OrleansDashboardPath[1..]}$", OrleansDashboardPath[1..] + "/"));
            app.MapOrleansDashboard(OrleansDashboardPath).RequireAuthorization(AccountsExtensions.AdminPolicy).ExcludeFromDescription();
        }

        return app;
    }
}

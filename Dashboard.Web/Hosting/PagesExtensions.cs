using Microsoft.Extensions.FileProviders;

namespace Dashboard.Web.Hosting;

/// <summary>Serves the pages under wwwroot.</summary>
public static class PagesExtensions
{
    /// <summary>
    /// Serves the wall at <c>/</c> and <c>/wall/{unitId}</c>, the grid worker's page at <c>/report</c>, and the files under wwwroot: from the content root when run from the project (so edits show at
    /// once), and from the copy next to the binary when it runs from anywhere else.
    /// </summary>
    public static WebApplication UseGridPulsePages(this WebApplication app)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(shipped))
        {
            app.Environment.WebRootFileProvider = new CompositeFileProvider(
                app.Environment.WebRootFileProvider, new PhysicalFileProvider(shipped));
        }

        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapFallbackToFile("/wall/{unitId}", "index.html");
        app.MapFallbackToFile("/report", "report.html");
        return app;
    }
}

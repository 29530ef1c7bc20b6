using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Silo.Hosting;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Prints, once the server listens, one block with everything a newcomer needs: the ways in
/// (<see cref="SignInNotices"/>: sign-in and display links on the first run, how to get new ones later), where the
/// operators look, and last the address to open, with wildcard hosts shown as localhost. The framework's routine
/// start-up lines stay out of the console (appsettings.json).
/// </summary>
internal sealed class AddressAnnouncement(IServer server, IHostApplicationLifetime lifetime, SignInNotices notices, IConfiguration configuration) : IHostedService
{
    private static readonly string Rule = new('─', 72);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        var addresses = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Select(Browsable).ToList();
        List<string> block = ["", Rule];
        if (addresses.Count > 0)
        {
            var first = addresses[0];
            foreach (var notice in notices.All)
            {
                var link = notice.Path is null ? "" : $": {first}{notice.Path}";
                block.Add($"{notice.Chinese}{link}");
                block.Add($"  {notice.English}{link}");
            }

            var dashboard = configuration.GetValue<bool>(GridPulseSiloBuilderExtensions.OrleansDiagnosticsKey) ? $"{first}{PagesExtensions.OrleansDashboardPath}/  " : "";
            block.Add($"运维（管理员）: {dashboard}{first}{OperatorMetrics.Path}  接口文档: {first}/openapi/v1.json");
            block.Add("  Operators (administrators): the Orleans dashboard (with Orleans' diagnostics on) and the metrics; the API's OpenAPI document");
        }

        // The address last, so that whoever waits for this line has seen the ways in above it.
        foreach (var address in addresses)
        {
            block.Add($"GridPulse 已启动: {address}/");
            block.Add($"  GridPulse is running: {address}/");
        }

        block.Add("按 Ctrl+C 停止。 / Press Ctrl+C to stop.");
        block.Add(Rule);

        // One write, so that no log line lands inside the block.
        Console.Write(string.Join(Environment.NewLine, block) + Environment.NewLine);
    }

    private static string Browsable(string address)
    {
        var binding = BindingAddress.Parse(address);
        var host = binding.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "localhost" : binding.Host;
        return $"{binding.Scheme}://{host}:{binding.Port}{binding.PathBase}";
    }
}

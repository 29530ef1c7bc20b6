using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Prints the address to open once the server listens, with wildcard hosts shown as localhost, after the ways in
/// (<see cref="SignInNotices"/>): sign-in and display links on the first run, how to get new ones later.
/// </summary>
internal sealed class AddressAnnouncement(IServer server, IHostApplicationLifetime lifetime, SignInNotices notices) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        var addresses = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Select(Browsable).ToList();
        if (addresses.Count > 0)
        {
            foreach (var notice in notices.All)
            {
                var link = notice.Path is null ? "" : $": {addresses[0]}{notice.Path}";
                Console.WriteLine($"{notice.Chinese}{link}");
                Console.WriteLine($"  {notice.English}{link}");
            }
        }

        // Last, so that whoever waits for this line has seen the ways in above it.
        foreach (var address in addresses)
        {
            Console.WriteLine($"GridPulse 已启动: {address}/");
        }
    }

    private static string Browsable(string address)
    {
        var binding = BindingAddress.Parse(address);
        var host = binding.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "localhost" : binding.Host;
        return $"{binding.Scheme}://{host}:{binding.Port}{binding.PathBase}";
    }
}

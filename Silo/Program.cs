using Grains.Organisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Health;
using Silo.Hosting;
using Storage;

namespace Silo;

/// <summary>
/// Runs a GridPulse silo on its own: <c>dotnet run --project Silo -- --org FILE</c>. Besides Orleans' ports it answers
/// <c>/healthz</c> and <c>/readyz</c> over HTTP on <c>--urls</c> (a free loopback port when not given), as a web node does.
/// </summary>
public static class Program
{
    /// <summary>Where the health endpoints listen when <c>--urls</c> is not given: a free loopback port, announced at start.</summary>
    private const string DefaultHealthUrl = "http://127.0.0.1:0";

    /// <summary>Starts the silo; answers 1 with a message (no stack trace) for a setting the user can fix.</summary>
    public static int Main(string[] args)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(GridPulseCommandLine.Normalise(args));
            var file = builder.Configuration["Organisation:File"];
            if (string.IsNullOrWhiteSpace(file))
            {
                throw new StartupException("未指定组织文件：请用 --org FILE 指定。 No organisation given: pass --org FILE.");
            }

            if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            {
                builder.WebHost.UseUrls(DefaultHealthUrl);
            }

            // As the web node's appsettings.json: the probes' requests are not worth a line each.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
            builder.Services.AddSingleton(OrganisationTree.Load(file));
            builder.Services.AddGridPulseHealthChecks();
            builder.UseOrleans(silo => silo.AddGridPulse(builder.Configuration));
            using var app = builder.Build();
            app.MapHealthApi();
            app.Start();
            Announce(app, file);
            app.WaitForShutdown();
            return 0;
        }
        catch (Exception e) when (e is OrganisationFileException or StartupException or StorageStartupException or OptionsValidationException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>Says, once the silo takes calls, where clients and other silos reach it and what it serves.</summary>
    private static void Announce(WebApplication app, string organisationFile)
    {
        var services = app.Services;
        var configuration = services.GetRequiredService<IConfiguration>();
        var cluster = configuration.GetSection(GridPulseClusterOptions.SectionName).Get<GridPulseClusterOptions>() ?? new();
        var membership = cluster.IsCluster
            ? $"集群 cluster '{cluster.ClusterId}'，成员表 membership Redis {cluster.Redis}"
            : "单机 one machine (localhost clustering)";
        var data = configuration.GetConnectionString(StorageOptions.ConnectionStringName) is { Length: > 0 }
            ? "PostgreSQL (--postgres)"
            : Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);
        Console.WriteLine(
            $"""
            GridPulse 网格服务节点已启动 The GridPulse silo is running
              {membership}
              网关端口 gateway port {cluster.GatewayPort}（客户端与 Web 前端由此连接 clients connect here），集群端口 silo port {cluster.SiloPort}
              组织 organisation {Path.GetFullPath(organisationFile)}，数据 data {data}
              健康检查 health {string.Join(", ", app.Urls.Select(url => url.TrimEnd('/') + HealthApi.ReadyPath))}
              按 Ctrl+C 停止 Press Ctrl+C to stop.
            """);
    }
}

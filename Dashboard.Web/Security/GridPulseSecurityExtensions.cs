using Dashboard.Web.Apis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Storage;

namespace Dashboard.Web.Security;

/// <summary>
/// The hardening of issue 5: rate limits per identity, body size limits, the hub's invocation limit and origin
/// check, security headers, data-protection keys under the data directory and secrets kept out of the logs.
/// </summary>
public static class GridPulseSecurityExtensions
{
    /// <summary>The folder under the data directory that holds the data-protection keys (cookies, sign-ins).</summary>
    public const string KeysFolder = "keys";

    private const string ApplicationName = "GridPulse";

    /// <summary>Registers the protections; options from sections <c>RateLimits</c> and <c>Security</c>.</summary>
    public static WebApplicationBuilder AddGridPulseSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>>((options, limits) => IdentityRateLimit.Configure(options, limits.Value));

        // Endpoints lower this per request (JsonBody); the largest body anything may send is a batch of reports.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = JsonBody.BatchLimit);

        services.AddSingleton<HubInvocationLimit>();
        services.Configure<HubOptions>(hub => hub.AddFilter<HubInvocationLimit>());

        // With PostgreSQL the keys are shared by every web node on the store (a cookie made by one is honoured by all);
        // otherwise they live in the data directory.
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (builder.Configuration.PostgresConnectionString() is { } postgres)
        {
            dataProtection.AddKeyManagementOptions(options => options.XmlRepository = new PostgresKeyRepository(postgres));
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(KeysDirectory(
                builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>()?.DataDirectory ?? new StorageOptions().DataDirectory));
        }

        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>()))));
        return builder;
    }

    /// <summary>
    /// Adds the security headers and the hub's origin check to every request, then the rate limit; goes after
    /// authentication, which the rate limit needs to tell identities apart.
    /// </summary>
    public static WebApplication UseGridPulseSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<HubOriginCheck>();
        app.UseRateLimiter();
        return app;
    }

    // Only the process's user may read the keys: whoever holds them can forge a sign-in.
    private static DirectoryInfo KeysDirectory(string dataDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(dataDirectory), KeysFolder);
        return OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

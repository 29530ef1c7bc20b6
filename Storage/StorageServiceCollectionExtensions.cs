using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Storage;

/// <summary>Registers the storage.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteEventLog"/> as the singleton <see cref="IEventLog"/>, with <see cref="StorageOptions"/>
    /// bound from the configuration section <see cref="StorageOptions.SectionName"/>. The database opens (and its
    /// start-up checks run) when the singleton is first resolved.
    /// </summary>
    public static IServiceCollection AddSqliteEventLog(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        services.AddMetrics();
        services.AddLogging();
        services.AddSingleton<LogMetrics>();
        services.AddSingleton(provider => new SqliteEventLog(
            provider.GetRequiredService<IOptions<StorageOptions>>(),
            provider.GetService<TimeProvider>(),
            provider.GetRequiredService<LogMetrics>(),
            provider.GetRequiredService<ILogger<SqliteEventLog>>()));
        services.AddSingleton<IEventLog>(provider => provider.GetRequiredService<SqliteEventLog>());
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Storage;

/// <summary>Registers the storage.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the singleton <see cref="IEventLog"/>: <see cref="PostgresEventLog"/> when the connection string
    /// <see cref="StorageOptions.ConnectionStringName"/> is configured, otherwise <see cref="SqliteEventLog"/> with
    /// <see cref="StorageOptions"/> bound from the section <see cref="StorageOptions.SectionName"/>. The store opens (and
    /// its start-up checks run) when the singleton is first resolved.
    /// </summary>
    public static IServiceCollection AddEventLog(this IServiceCollection services)
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
        services.AddSingleton(provider => new PostgresEventLog(
            PostgresConnectionString(provider.GetRequiredService<IConfiguration>())
                ?? throw new InvalidOperationException($"No connection string '{StorageOptions.ConnectionStringName}' is configured."),
            provider.GetService<TimeProvider>(),
            provider.GetRequiredService<LogMetrics>()));
        services.AddSingleton<IEventLog>(provider => PostgresConnectionString(provider.GetRequiredService<IConfiguration>()) is null
            ? provider.GetRequiredService<SqliteEventLog>()
            : provider.GetRequiredService<PostgresEventLog>());
        return services;
    }

    /// <summary>
    /// The connection string <see cref="StorageOptions.ConnectionStringName"/> (<c>--postgres</c>) when it is set, which
    /// puts the stores in PostgreSQL; null for SQLite.
    /// </summary>
    public static string? PostgresConnectionString(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetConnectionString(StorageOptions.ConnectionStringName) is { Length: > 0 } connectionString ? connectionString : null;
    }
}

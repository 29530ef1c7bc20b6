using Dashboard.Web.Apis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Live;

/// <summary>Registration of the live push: the hub, its subscriptions and the pusher.</summary>
public static class LivePushExtensions
{
    /// <summary>
    /// Adds SignalR with the API's JSON rules and the MessagePack protocol carrying the same documents
    /// (<see cref="JsonMessagePack"/>), the push settings (section <c>Push</c>) and the pusher, and wall operations
    /// (<see cref="WallOperations"/>, section <c>Walls</c>).
    /// </summary>
    public static IServiceCollection AddLivePush(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>()
            .BindConfiguration(PushOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSignalR(options => options.MaximumReceiveMessageSize = 4 * 1024)
            .AddJsonProtocol(options => ApiJson.Configure(options.PayloadSerializerOptions))
            .AddMessagePackProtocol();
        services.AddOptions<MessagePackHubProtocolOptions>()
            .Configure<IOptions<JsonHubProtocolOptions>>((messagePack, json) => messagePack.SerializerOptions =
                JsonMessagePack.Options(messagePack.SerializerOptions, json.Value.PayloadSerializerOptions));
        services.AddSingleton<UnitChanges>();
        services.AddHostedService<UnitWatch>();
        services.AddSingleton<Subscriptions>();
        services.AddSingleton<HubConnectionRegistry>();
        services.AddSingleton<RecentActivity>();
        services.AddHostedService<RecentActivitySeed>();
        services.AddHostedService<MetricsPusher>();
        services.AddOptions<WallOptions>()
            .BindConfiguration(WallOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ConnectedWalls>();
        services.AddSingleton<WallOperations>();
        services.AddHostedService(provider => provider.GetRequiredService<WallOperations>());
        return services;
    }

    /// <summary>Maps the hub at <see cref="MetricsHub.Path"/>.</summary>
    public static WebApplication MapLivePush(this WebApplication app)
    {
        app.MapHub<MetricsHub>(MetricsHub.Path);
        return app;
    }
}

using Dashboard.Web.Apis;

namespace Dashboard.Web.Live;

/// <summary>Registration of the live push: the hub, its subscriptions and the pusher.</summary>
public static class LivePushExtensions
{
    /// <summary>Adds SignalR with the API's JSON rules, the push settings (section <c>Push</c>) and the pusher.</summary>
    public static IServiceCollection AddLivePush(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>()
            .BindConfiguration(PushOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSignalR(options => options.MaximumReceiveMessageSize = 4 * 1024)
            .AddJsonProtocol(options => ApiJson.Configure(options.PayloadSerializerOptions));
        services.AddSingleton<UnitChanges>();
        services.AddHostedService<UnitWatch>();
        services.AddSingleton<Subscriptions>();
        services.AddSingleton<HubConnectionRegistry>();
        services.AddSingleton<RecentActivity>();
        services.AddHostedService<MetricsPusher>();
        return services;
    }

    /// <summary>Maps the hub at <see cref="MetricsHub.Path"/>.</summary>
    public static WebApplication MapLivePush(this WebApplication app)
    {
        app.MapHub<MetricsHub>(MetricsHub.Path);
        return app;
    }
}

using Grains.Ingestion;
using Grains.Live;
using Grains.Organisation;
using Grains.Queries;
using Grains.Replay;
using Grains.Reporting;
using Grains.Time;
using Grains.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Storage;

namespace Grains.Hosting;

/// <summary>Registration of the grains and the domain services around them.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the domain services around the grains: <see cref="Ingestion.IngestionService"/>,
    /// <see cref="Queries.UnitQueries"/>, <see cref="Queries.CaseQueries"/>, the feed of the live push
    /// (<see cref="ActivityFeed"/>), and the evaluation and bulletins (<see cref="ReportQueries"/> over the projection
    /// <see cref="IReportStore"/>, with <see cref="EvaluationOptions"/>), and the wall's surge rule (<see cref="SurgeOptions"/>), and the <see cref="OrganisationFollower"/> that applies the organisation's stored changes before anything is served and follows them after. The caller registers the <see cref="Organisation.OrganisationTree"/>, the event
    /// log and the silo; grains rebuild themselves from the log when they activate.
    /// </summary>
    public static IServiceCollection AddGridPulseGrains(this IServiceCollection services)
    {
        services.AddOptions<GridPulseOptions>().BindConfiguration(GridPulseOptions.SectionName)
            .Validate(options => options.SnapshotEvery >= 1, "GridPulse:SnapshotEvery 必须是正整数 / must be a whole number of at least 1.")
            .Validate(options => options.HandOverBacklog >= 1, "GridPulse:HandOverBacklog 必须是正整数 / must be a whole number of at least 1.")
            .ValidateOnStart();
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.SectionName)
            .Validate(
                options => options.Weights.AreValid(),
                "Evaluation:Weights 的 OnTime、Closure、Rework 必须都不小于 0 且合计为 100 / must each be at least 0 and sum to 100.")
            .ValidateOnStart();
        services.AddOptions<SurgeOptions>().BindConfiguration(SurgeOptions.SectionName)
            .Validate(
                options => double.IsFinite(options.Multiple) && options.Multiple >= 1,
                "Surge:Multiple 必须是不小于 1 的数 / must be a number of at least 1.")
            .Validate(options => options.MinimumCount >= 1, "Surge:MinimumCount 必须是正整数 / must be a whole number of at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LocalClock>();
        services.AddSingleton<WakeSchedule>();
        services.AddSingleton<UnitServices>();
        services.AddSingleton<UnitReferences>();
        services.AddSingleton<OrganisationFollower>();
        services.AddHostedService(provider => provider.GetRequiredService<OrganisationFollower>());
        services.AddMetrics();
        services.AddSingleton<GrainsMetrics>();
        services.AddSingleton<ReportHandOver>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<ActivityFeed>();
        services.AddSingleton<DayReplay>();
        services.AddSingleton<UnitQueries>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<IReportStore>(provider =>
            provider.GetRequiredService<IConfiguration>().PostgresConnectionString() is { } connectionString
                ? new PostgresReportStore(connectionString)
                : new SqliteReportStore(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));
        services.AddSingleton<ReportQueries>();
        return services;
    }

    /// <summary>
    /// Runs the <see cref="ReportProjector"/> in this process: what a silo does (the co-hosted one too); in a cluster
    /// only one of them projects at a time (<see cref="IReportStore.TryOpenWriterAsync"/>).
    /// </summary>
    public static IServiceCollection AddReportProjector(this IServiceCollection services)
    {
        services.AddSingleton<ReportProjector>();
        services.AddHostedService(provider => provider.GetRequiredService<ReportProjector>());
        return services;
    }
}

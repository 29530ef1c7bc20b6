namespace Dashboard.Web.Simulation;

/// <summary>Registration of the activity simulator.</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>The highest rate accepted: beyond it the simulator would only measure its own overhead.</summary>
    public const double MaxRate = 100_000;

    /// <summary>The most days of history the simulator writes: the daily chart shows 31.</summary>
    public const int MaxHistoryDays = 366;

    /// <summary>
    /// Binds <see cref="SimulatorOptions"/> to the section <c>Simulator</c> of <paramref name="configuration"/> and adds
    /// the simulator as a hosted service; it does nothing while <see cref="SimulatorOptions.Rate"/> is 0. Needs the
    /// grains (<c>AddGridPulseGrains</c>) and the organisation.
    /// </summary>
    public static IServiceCollection AddSimulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.SectionName))
            .Validate(
                options => double.IsFinite(options.Rate) && options.Rate is >= 0 and <= MaxRate,
                $"Simulator:Rate（--simulate）必须是 0 到 {MaxRate} 之间的数 / must be a number from 0 to {MaxRate}.")
            .Validate(
                options => options.HistoryDays is >= 0 and <= MaxHistoryDays,
                $"Simulator:HistoryDays 必须是 0 到 {MaxHistoryDays} 之间的整数 / must be a whole number from 0 to {MaxHistoryDays}.")
            .ValidateOnStart();
        services.AddSingleton<SimulatedActors>();
        services.AddSingleton<HistoryBackfill>();
        services.AddHostedService<ActivitySimulator>();
        return services;
    }
}

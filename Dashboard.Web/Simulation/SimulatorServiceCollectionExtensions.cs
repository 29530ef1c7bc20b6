namespace Dashboard.Web.Simulation;

/// <summary>Registration of the activity simulator.</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>The highest rate accepted: beyond it the simulator would only measure its own overhead.</summary>
    public const double MaxRate = 100_000;

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
            .ValidateOnStart();
        services.AddHostedService<ActivitySimulator>();
        return services;
    }
}

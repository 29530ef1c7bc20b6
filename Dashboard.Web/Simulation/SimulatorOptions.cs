namespace Dashboard.Web.Simulation;

/// <summary>The activity simulator, section <c>Simulator</c> of the configuration (<c>--simulate RATE</c>).</summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simulator";

    /// <summary>
    /// New activities (visits, trainings, events and new cases) per second. Default 0: the simulator is off.
    /// Case actions and workers' status reports come on top, at the pace their lifecycle and shifts set.
    /// </summary>
    public double Rate { get; set; }

    /// <summary>The seed of the simulator's random choices, for a repeatable run. Default null: a new seed each run.</summary>
    public int? Seed { get; set; }
}

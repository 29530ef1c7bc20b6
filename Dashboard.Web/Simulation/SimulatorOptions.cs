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

    /// <summary>
    /// Days of past activity the simulator writes before it starts, when it runs and the log is empty at start, so a
    /// fresh demo shows weeks of work. Default 0: none; <c>--demo</c> makes it 30 unless set.
    /// </summary>
    public int HistoryDays { get; set; }
}

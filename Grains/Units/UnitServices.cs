using Grains.Hosting;
using Grains.Organisation;
using Grains.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storage;

namespace Grains.Units;

/// <summary>
/// The silo's services and options the unit grains use (<see cref="GridGrain"/>, <see cref="AreaGrain"/>), one object
/// for every unit of the silo: a grain holding each of them in a field of its own cost 80 bytes a grid and 64 an area.
/// </summary>
public sealed class UnitServices(
    OrganisationTree organisation,
    OrganisationFollower follower,
    UnitReferences units,
    LocalClock clock,
    IEventLog log,
    WakeSchedule wakes,
    GrainsMetrics metrics,
    IOptions<GridPulseOptions> options,
    IOptions<EvaluationOptions> evaluation,
    IOptions<SurgeOptions> surges,
    ILogger<GridGrain> gridLogger,
    ILogger<AreaGrain> areaLogger)
{
    /// <summary>The organisation as this process knows it.</summary>
    public OrganisationTree Organisation { get; } = organisation;

    /// <summary>What brings <see cref="Organisation"/> up to the stored changes.</summary>
    public OrganisationFollower Follower { get; } = follower;

    /// <summary>References to the unit grains.</summary>
    public UnitReferences Units { get; } = units;

    /// <summary>The local clock.</summary>
    public LocalClock Clock { get; } = clock;

    /// <summary>The event log.</summary>
    public IEventLog Log { get; } = log;

    /// <summary>The silo's wake schedule.</summary>
    public WakeSchedule Wakes { get; } = wakes;

    /// <summary>The process's metrics.</summary>
    public GrainsMetrics Metrics { get; } = metrics;

    /// <summary>The GridPulse options.</summary>
    public GridPulseOptions Options => options.Value;

    /// <summary>The evaluation options.</summary>
    public EvaluationOptions Evaluation => evaluation.Value;

    /// <summary>The report surge rule.</summary>
    public SurgeOptions Surges => surges.Value;

    /// <summary>The grids' logger.</summary>
    public ILogger<GridGrain> GridLogger { get; } = gridLogger;

    /// <summary>The areas' logger.</summary>
    public ILogger<AreaGrain> AreaLogger { get; } = areaLogger;
}

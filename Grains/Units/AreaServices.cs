using Grains.Hosting;
using Grains.Organisation;
using Grains.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grains.Units;

/// <summary>
/// The silo's services and options an <see cref="AreaGrain"/> uses, one object for all the areas of the silo, as
/// <see cref="GridServices"/> is for the grids: an area holding each of them in a field of its own cost 64 bytes an area.
/// </summary>
public sealed class AreaServices(
    OrganisationTree organisation,
    OrganisationFollower follower,
    UnitReferences units,
    LocalClock clock,
    WakeSchedule wakes,
    IOptions<EvaluationOptions> evaluation,
    IOptions<SurgeOptions> surges,
    ILogger<AreaGrain> logger)
{
    /// <summary>The organisation as this process knows it.</summary>
    public OrganisationTree Organisation { get; } = organisation;

    /// <summary>What brings <see cref="Organisation"/> up to the stored changes.</summary>
    public OrganisationFollower Follower { get; } = follower;

    /// <summary>References to the unit grains.</summary>
    public UnitReferences Units { get; } = units;

    /// <summary>The local clock.</summary>
    public LocalClock Clock { get; } = clock;

    /// <summary>The silo's wake schedule.</summary>
    public WakeSchedule Wakes { get; } = wakes;

    /// <summary>The evaluation options.</summary>
    public EvaluationOptions Evaluation => evaluation.Value;

    /// <summary>The report surge rule.</summary>
    public SurgeOptions Surges => surges.Value;

    /// <summary>The areas' logger.</summary>
    public ILogger<AreaGrain> Logger { get; } = logger;
}

using Dashboard.Web.Simulation;
using Grains.Organisation;

namespace Dashboard.Web.Tests.Simulation;

internal static class DemoOrganisation
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static OrganisationTree Load() => OrganisationTree.Load(Path.Combine(AppContext.BaseDirectory, "Demo", "organisation.json"));

    public static SimulatedWorkload Workload(OrganisationTree organisation, int seed)
    {
        var next = 0;
        return new SimulatedWorkload(organisation, Shanghai, new Random(seed), () => $"t-{++next}");
    }
}

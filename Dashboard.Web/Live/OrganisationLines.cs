using Grains.Organisation;

namespace Dashboard.Web.Live;

/// <summary>Where a unit lies in the tree, as wall operations ask it.</summary>
public static class OrganisationLines
{
    /// <summary>Whether <paramref name="unitId"/> is <paramref name="ancestorId"/> or lies below it.</summary>
    public static bool IsWithin(this OrganisationTree organisation, string unitId, string ancestorId)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        return organisation.LineOf(unitId).Any(unit => unit.Id == ancestorId);
    }
}

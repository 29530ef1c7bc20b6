using Orleans;

namespace Grains.Interfaces;

/// <summary>
/// The one place that changes the organisation (one grain, key 0), so that every change is checked against the tree
/// it applies to and all silos and web nodes apply the changes in the same order: it checks a change, stores it in
/// the log (idempotent by its id) and tells the units it touches.
/// </summary>
public interface IOrganisationGrain : IGrainWithIntegerKey
{
    /// <summary>Checks and applies <paramref name="change"/> as a whole, or refuses it with its problems.</summary>
    Task<OrganisationChangeResult> ApplyAsync(OrganisationChange change);
}

using Grains.Interfaces;
using Grains.Organisation;

namespace Grains.Units;

/// <summary>
/// Carries a batch's updates up the tree a level at a time: each parent applies all its children's updates in one turn
/// and hands back one update, so a batch spread over a thousand grids costs the district one turn, not a thousand.
/// </summary>
internal static class UpdateRelay
{
    /// <summary>Sends <paramref name="updates"/> to their parents, theirs to the grandparents, up to the root.</summary>
    public static async Task SendUpAsync(UnitReferences units, OrganisationTree organisation, IReadOnlyList<UnitUpdate> updates)
    {
        while (updates.Count > 0)
        {
            var byParent = new Dictionary<string, List<UnitUpdate>>(StringComparer.Ordinal);
            foreach (var update in updates)
            {
                if (organisation.FindUnit(update.UnitId)?.ParentId is not { } parentId)
                {
                    continue;
                }

                if (!byParent.TryGetValue(parentId, out var children))
                {
                    children = [];
                    byParent[parentId] = children;
                }

                children.Add(update);
            }

            updates = await Task.WhenAll(byParent.Select(p => units.Area(p.Key).TakeChildUpdatesAsync(p.Value)));
        }
    }
}

using Grains.Cases;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Time;
using Orleans;

namespace Grains.Queries;

/// <summary>Reads of cases for the API.</summary>
public sealed class CaseQueries(OrganisationTree organisation, IGrainFactory grains, LocalClock clock)
{
    /// <summary>The case with its history, or null.</summary>
    public Task<CaseView?> GetAsync(string caseId) => grains.GetGrain<ICaseGrain>(caseId).GetAsync();

    /// <summary>
    /// The cases in the unit's subtree, newest first, filtered by state and overdue, one page of them; null for an
    /// unknown unit. <paramref name="page"/> counts from 1.
    /// </summary>
    public Task<CasePage?> ListAsync(string unitId, CaseState? state, bool? overdue, int page, int pageSize) =>
        ListAsync(unitId, new CaseFilter(state is { } one ? [one] : null, overdue), CaseOrder.Newest, page, pageSize);

    /// <summary>
    /// The cases in the unit's subtree that pass <paramref name="filter"/>, in <paramref name="order"/> (ties newest
    /// first, then by id), one page of them; null for an unknown unit. <paramref name="page"/> counts from 1.
    /// </summary>
    public async Task<CasePage?> ListAsync(string unitId, CaseFilter filter, CaseOrder order, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (organisation.FindUnit(unitId) is null)
        {
            return null;
        }

        page = Math.Max(page, 1);
        pageSize = Math.Max(pageSize, 1);
        var now = clock.Now;
        var perGrid = await Task.WhenAll(organisation.GridsUnder(unitId).Select(g => grains.GetGrain<IGridGrain>(g.Id).GetCasesAsync()));
        var matching = Ordered(perGrid.SelectMany(c => c).Select(c => ToItem(c, now)).Where(filter.Matches), order)
            .ThenByDescending(c => c.OccurredAt)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        var items = matching.Skip((int)Math.Min((long)(page - 1) * pageSize, int.MaxValue)).Take(pageSize).ToList();
        return new CasePage(items, matching.Count, page, pageSize);
    }

    // Reported and dispatched cases by deadline put the most overdue first and then those due soonest (spec 2.3: only
    // they can be overdue or due soon); a resolved case waits for its check; closed and cancelled ones come last.
    private static IOrderedEnumerable<CaseListItem> Ordered(IEnumerable<CaseListItem> items, CaseOrder order) => order switch
    {
        CaseOrder.Urgency => items
            .OrderBy(c => c.State switch { CaseState.Reported or CaseState.Dispatched => 0, CaseState.Resolved => 1, _ => 2 })
            .ThenBy(c => c.State is CaseState.Reported or CaseState.Dispatched ? c.Deadline : DateTimeOffset.MaxValue),
        _ => items.OrderByDescending(c => c.OccurredAt),
    };

    private static CaseListItem ToItem(CaseSummary c, DateTimeOffset now) => new(
        c.Id,
        c.GridId,
        c.Category,
        c.Title,
        c.State,
        c.HandlingLevel,
        c.OccurredAt,
        c.Deadline,
        c.ClosedAt,
        CaseDeadlines.IsOverdue(c.State, c.Deadline, now),
        CaseDeadlines.IsDueSoon(c.State, c.OccurredAt, c.Deadline, now),
        c.UrgeCount);
}

/// <summary>One page of a case list.</summary>
public sealed record CasePage(IReadOnlyList<CaseListItem> Items, int Total, int Page, int PageSize);

/// <summary>
/// A case as a list shows it, with overdue and due-soon computed at the time of the query, and how often a leader
/// urged it (督办), so the handler's list can show it.
/// </summary>
public sealed record CaseListItem(
    string Id,
    string GridId,
    string Category,
    string Title,
    CaseState State,
    UnitLevel HandlingLevel,
    DateTimeOffset OccurredAt,
    DateTimeOffset Deadline,
    DateTimeOffset? ClosedAt,
    bool Overdue,
    bool DueSoon,
    int UrgeCount = 0);

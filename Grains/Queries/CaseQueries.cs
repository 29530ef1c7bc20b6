using Grains.Interfaces;

namespace Grains.Queries;

/// <summary>Reads of cases for the API.</summary>
public sealed class CaseQueries
{
    /// <summary>The case with its history, or null.</summary>
    public Task<CaseView?> GetAsync(string caseId) => throw new NotImplementedException();

    /// <summary>
    /// The cases in the unit's subtree, newest first (by <c>OccurredAt</c>, then id), filtered by state and overdue,
    /// one page of them; null for an unknown unit. <paramref name="page"/> counts from 1.
    /// </summary>
    public Task<CasePage?> ListAsync(string unitId, CaseState? state, bool? overdue, int page, int pageSize) =>
        throw new NotImplementedException();
}

/// <summary>One page of a case list.</summary>
public sealed record CasePage(IReadOnlyList<CaseListItem> Items, int Total, int Page, int PageSize);

/// <summary>A case as a list shows it, with overdue and due-soon computed at the time of the query.</summary>
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
    bool DueSoon);

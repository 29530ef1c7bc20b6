using Grains.Interfaces;

namespace Grains.Queries;

/// <summary>
/// Which cases a list shows: every condition given must hold, a null one does not filter. <see cref="States"/> is any
/// of them; <see cref="Text"/> is found in the id or the title, ignoring case.
/// </summary>
public sealed record CaseFilter(
    IReadOnlyCollection<CaseState>? States = null,
    bool? Overdue = null,
    bool? DueSoon = null,
    string? Category = null,
    string? Text = null)
{
    /// <summary>Every case.</summary>
    public static readonly CaseFilter None = new();

    /// <summary>Whether the case, as listed now, passes.</summary>
    public bool Matches(CaseListItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return (States is null || States.Contains(item.State))
            && (Overdue is null || item.Overdue == Overdue)
            && (DueSoon is null || item.DueSoon == DueSoon)
            && (Category is null || string.Equals(item.Category, Category, StringComparison.Ordinal))
            && (Text is null
                || item.Id.Contains(Text, StringComparison.OrdinalIgnoreCase)
                || item.Title.Contains(Text, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>The order of a case list.</summary>
public enum CaseOrder
{
    /// <summary>Newest first, by when it occurred (the default).</summary>
    Newest,

    /// <summary>
    /// Most urgent first (the cases desk): reported and dispatched cases by deadline, so the most overdue come first and
    /// then those due soonest; then resolved ones waiting for the check; then closed and cancelled ones; newest first
    /// within each.
    /// </summary>
    Urgency,
}

using Grains.Interfaces;

namespace Grains.Units;

/// <summary>The 督办 strip's cases as a unit passes them up: the latest to turn overdue, as many as <see cref="UnitAlerts"/> carries.</summary>
internal static class OverdueNotices
{
    /// <summary>The latest deadlines first (ties by case id), at most <see cref="UnitAlerts.MostRecentOverdue"/>.</summary>
    public static IReadOnlyList<OverdueNotice> Latest(IEnumerable<OverdueNotice> notices) =>
        [.. notices.OrderByDescending(n => n.Deadline).ThenBy(n => n.CaseId, StringComparer.Ordinal).Take(UnitAlerts.MostRecentOverdue)];

    /// <summary>The alerts of <paramref name="overdue"/> and <paramref name="surge"/>; <see cref="UnitAlerts.None"/> when both are empty, so most units share it.</summary>
    public static UnitAlerts Alerts(IReadOnlyList<OverdueNotice> overdue, ReportSurge? surge) =>
        overdue.Count == 0 && surge is null ? UnitAlerts.None : new UnitAlerts(overdue, surge);
}

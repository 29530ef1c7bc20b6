using Grains.Cases;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Time;

namespace Grains.Units;

/// <summary>
/// The live counts of a grid at a moment: its open cases, those the clock makes overdue or due soon (and this month's
/// late ones), its workers' presence, the 督办 strip's notices and its report surge. What a grid sends its community,
/// and what a replay of a past day shows for the grid at each minute.
/// </summary>
internal static class GridLive
{
    public static LiveCounts At(
        DateTimeOffset now, LocalClock clock, GridCases? cases, WorkerRecord[] workers, OrganisationTree organisation, string gridId, ReportSurge? surge)
    {
        long overdue = 0, dueSoon = 0, late = 0, lateReworked = 0, lateExtended = 0;
        var month = clock.MonthOf(now);
        List<CaseSummary>? overdueCases = null;
        foreach (var c in cases?.Running ?? [])
        {
            dueSoon += CaseDeadlines.IsDueSoon(c.State, c.OccurredAt, c.Deadline, now) ? 1 : 0;
            if (!CaseDeadlines.IsOverdue(c.State, c.Deadline, now))
            {
                continue;
            }

            overdue++;
            (overdueCases ??= []).Add(c);
            if (clock.MonthOf(c.OccurredAt) == month)
            {
                late++;
                lateReworked += c.ReworkCount > 0 ? 1 : 0;
                lateExtended += c.ExtensionCount > 0 ? 1 : 0;
            }
        }

        long onDuty = 0, patrolling = 0, offDuty = 0, offline = 0;
        foreach (var worker in workers)
        {
            switch (worker.PresenceAt(now))
            {
                case WorkerPresence.OnDuty: onDuty++; break;
                case WorkerPresence.Patrolling: patrolling++; break;
                case WorkerPresence.OffDuty: offDuty++; break;
                default: offline++; break;
            }
        }

        return new LiveCounts(
            cases?.Open ?? 0,
            overdue,
            dueSoon,
            new WorkerCounts(onDuty, patrolling, offDuty, offline, workers.Length),
            new LateCases(late, lateReworked, lateExtended),
            OverdueNotices.Alerts(Notices(overdueCases, organisation, gridId), surge));
    }

    /// <summary>
    /// The live counts of an area: the sum of its children's, with the latest overdue notices among theirs and no
    /// surge (an area's surge is its own, added by the caller).
    /// </summary>
    public static LiveCounts Sum(IEnumerable<LiveCounts> children)
    {
        long open = 0, overdue = 0, dueSoon = 0, onDuty = 0, patrolling = 0, offDuty = 0, offline = 0, total = 0;
        long late = 0, lateReworked = 0, lateExtended = 0;
        var notices = new List<OverdueNotice>();
        foreach (var live in children)
        {
            open += live.Open;
            overdue += live.Overdue;
            dueSoon += live.DueSoon;
            late += live.Late.Count;
            lateReworked += live.Late.Reworked;
            lateExtended += live.Late.Extended;
            onDuty += live.Workers.OnDuty;
            patrolling += live.Workers.Patrolling;
            offDuty += live.Workers.OffDuty;
            offline += live.Workers.Offline;
            total += live.Workers.Total;
            notices.AddRange(live.Alerts.Overdue);
        }

        return new LiveCounts(
            open,
            overdue,
            dueSoon,
            new WorkerCounts(onDuty, patrolling, offDuty, offline, total),
            new LateCases(late, lateReworked, lateExtended),
            OverdueNotices.Alerts(OverdueNotices.Latest(notices), null));
    }

    /// <summary>The 督办 strip's notices of the grid's overdue cases; the path is looked up only when there are any.</summary>
    private static IReadOnlyList<OverdueNotice> Notices(List<CaseSummary>? overdueCases, OrganisationTree organisation, string gridId)
    {
        if (overdueCases is null)
        {
            return [];
        }

        var path = organisation.PathOf(gridId);
        return OverdueNotices.Latest(overdueCases.Select(c => new OverdueNotice(c.Id, c.Category, c.GridId, path, c.Deadline)));
    }
}

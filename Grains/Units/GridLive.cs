using System.Collections.Concurrent;
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
    // Grids of at most this many workers share their quiet live counts: the sets of counts stay a few hundred.
    private const int MostWorkersShared = 8;

    // The live counts of a grid without open cases and without alerts depend only on its workers' presence; grids
    // share them, as most grids of a big organisation have no case and a worker or a few, and a grid's own set of
    // counts cost 160 bytes. They are immutable, so a shared one reads as a grid's own.
    private static readonly ConcurrentDictionary<WorkerCounts, LiveCounts> QuietCounts = new();

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

        var open = cases?.Open ?? 0;
        var workerCounts = new WorkerCounts(onDuty, patrolling, offDuty, offline, workers.Length);
        var alerts = OverdueNotices.Alerts(Notices(overdueCases, organisation, gridId), surge);
        if (open == 0 && overdue == 0 && dueSoon == 0 && alerts == UnitAlerts.None && workers.Length <= MostWorkersShared)
        {
            return QuietCounts.GetOrAdd(workerCounts, static counts => new LiveCounts(0, 0, 0, counts, LateCases.None, UnitAlerts.None));
        }

        return new LiveCounts(open, overdue, dueSoon, workerCounts, Late(late, lateReworked, lateExtended), alerts);
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
            Late(late, lateReworked, lateExtended),
            OverdueNotices.Alerts(OverdueNotices.Latest(notices), null));
    }

    /// <summary>This month's late cases; the shared <see cref="LateCases.None"/> when there are none, as for most units.</summary>
    private static LateCases Late(long count, long reworked, long extended) =>
        count == 0 ? LateCases.None : new LateCases(count, reworked, extended);

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

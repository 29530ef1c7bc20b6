using Grains.Hosting;
using Grains.Interfaces;
using Grains.Organisation;

namespace Grains.Tests.Recovery;

/// <summary>
/// The rounds the write path stored (every write answered accepted or duplicate) and the numbers they make in each unit,
/// worked out here from the writes alone: the windows of spec 3.1 by local date, the open cases and the workers'
/// presence of spec 2.4. Writers on several threads add to it.
/// </summary>
internal sealed class AcceptedWrites(OrganisationTree organisation, DateTimeOffset now)
{
    private static readonly TimeSpan OfflineAfter = TimeSpan.FromMinutes(15);
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(new GridPulseOptions().TimeZone);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, WriteRound> _rounds = new(StringComparer.Ordinal);

    public int Rounds
    {
        get
        {
            lock (_gate)
            {
                return _rounds.Count;
            }
        }
    }

    /// <summary>Takes a stored round; the same round stored twice counts once.</summary>
    public void Add(WriteRound round)
    {
        lock (_gate)
        {
            _rounds[round.Case.Id] = round;
        }
    }

    /// <summary>Whether the round of <paramref name="writer"/> numbered <paramref name="round"/> was stored.</summary>
    public bool Contains(int writer, int round)
    {
        lock (_gate)
        {
            return _rounds.ContainsKey($"k-{writer}-{round}");
        }
    }

    /// <summary>Each unit whose snapshot differs from what the stored rounds make, with both; empty when all agree.</summary>
    public async Task<IReadOnlyList<string>> MismatchesAsync(GrainsHost host)
    {
        var mismatches = new List<string>();
        foreach (var unit in organisation.Units)
        {
            var expected = ExpectedIn(unit.Id);
            var actual = UnitNumbers.Of(await host.SnapshotAsync(unit.Id));
            if (expected != actual)
            {
                mismatches.Add($"{unit.Id}: expected {expected}, got {actual}");
            }
        }

        return mismatches;
    }

    /// <summary>Whether every unit's snapshot shows what the stored rounds make.</summary>
    public async Task<bool> AgreeAsync(GrainsHost host) => (await MismatchesAsync(host)).Count == 0;

    private UnitNumbers ExpectedIn(string unitId)
    {
        WriteRound[] rounds;
        lock (_gate)
        {
            rounds = [.. _rounds.Values];
        }

        var grids = organisation.GridsUnder(unitId).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var reports = rounds.SelectMany(r => r.Reports).Where(r => grids.Contains(r.GridId)).ToList();
        var cases = rounds.Where(r => grids.Contains(r.Case.GridId) && r.CaseState != CaseState.Cancelled).ToList();
        var today = DateOf(now);
        bool IsToday(DateTimeOffset at) => DateOf(at) == today;
        bool IsThisMonth(DateTimeOffset at) => (DateOf(at).Year, DateOf(at).Month) == (today.Year, today.Month);
        WindowCounts Window(Func<DateTimeOffset, bool> within) => Count(
            reports.Where(r => within(r.OccurredAt)),
            cases.Count(c => within(c.Case.OccurredAt)),
            cases.Count(c => c.ClosedAt is { } closed && within(closed)));

        var open = cases.Count(c => c.CaseState is CaseState.Reported or CaseState.Dispatched or CaseState.Resolved);
        return new UnitNumbers(Window(IsToday), Window(IsThisMonth), Window(_ => true), open, Workers(grids, rounds));
    }

    private static WindowCounts Count(IEnumerable<ActivityReport> reports, long casesReported, long casesClosed)
    {
        long visits = 0, households = 0, trainings = 0, trainingParticipants = 0, events = 0, eventParticipants = 0;
        foreach (var report in reports)
        {
            switch (report.Kind)
            {
                case ActivityKind.Visit:
                    visits++;
                    households += report.Households;
                    break;
                case ActivityKind.Training:
                    trainings++;
                    trainingParticipants += report.Participants;
                    break;
                default:
                    events++;
                    eventParticipants += report.Participants;
                    break;
            }
        }

        return new WindowCounts(visits, households, trainings, trainingParticipants, events, eventParticipants, casesReported, casesClosed);
    }

    /// <summary>
    /// Each worker's presence now: heard from (a report or a status) within 15 minutes, by the status of the latest
    /// time (on duty without one), else offline.
    /// </summary>
    private WorkerCounts Workers(HashSet<string> grids, WriteRound[] rounds)
    {
        long onDuty = 0, patrolling = 0, offDuty = 0, offline = 0, total = 0;
        foreach (var worker in organisation.Workers.Where(w => grids.Contains(w.GridId)))
        {
            total++;
            var statuses = rounds.Select(r => r.Status).Where(s => s.WorkerId == worker.Id).ToList();
            var heard = rounds.SelectMany(r => r.Reports).Where(r => r.WorkerId == worker.Id).Select(r => r.OccurredAt)
                .Concat(statuses.Select(s => s.At))
                .DefaultIfEmpty(DateTimeOffset.MinValue)
                .Max();
            if (now - heard > OfflineAfter)
            {
                offline++;
                continue;
            }

            switch (statuses.MaxBy(s => s.At)?.Status)
            {
                case WorkerDutyStatus.Patrolling: patrolling++; break;
                case WorkerDutyStatus.OffDuty: offDuty++; break;
                default: onDuty++; break;
            }
        }

        return new WorkerCounts(onDuty, patrolling, offDuty, offline, total);
    }

    private static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The numbers of a unit the rounds decide: its three windows, its open cases and its workers.</summary>
    private sealed record UnitNumbers(WindowCounts Today, WindowCounts Month, WindowCounts Total, long Open, WorkerCounts Workers)
    {
        public static UnitNumbers Of(UnitSnapshot snapshot) =>
            new(snapshot.Today, snapshot.Month, snapshot.Total, snapshot.Cases.Open, snapshot.Workers);
    }
}

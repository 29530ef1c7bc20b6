using Grains.Hosting;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Time;
using Microsoft.Extensions.Options;

namespace Grains.Reporting;

/// <summary>
/// The evaluation and the bulletins, read from the projection (<see cref="IReportStore"/>) and summed over the grids
/// of each unit's subtree (the organisation is in memory). A period's cases count as they stand now; the 督办 list is
/// the cases overdue at the period's end (now, for the current period).
/// </summary>
public sealed class ReportQueries(IReportStore store, OrganisationTree organisation, LocalClock clock, IOptions<EvaluationOptions> options)
{
    /// <summary>The most cases the 督办 list of a bulletin shows (longest overdue first); the answer says how many there are.</summary>
    public const int OverdueListLimit = 500;

    /// <summary>The most categories a bulletin lists.</summary>
    public const int CategoryLimit = 10;

    /// <summary>The children of <paramref name="unitId"/> ranked for the month of <paramref name="month"/>; null for an unknown unit.</summary>
    public async Task<UnitEvaluation?> EvaluateAsync(string unitId, DateOnly month, CancellationToken cancellationToken = default)
    {
        if (organisation.FindUnit(unitId) is not { } unit)
        {
            return null;
        }

        var window = ReportWindow.Of(BulletinPeriod.Month, month);
        var state = await store.ReadStateAsync(cancellationToken);
        var current = await ReadAsync(window, cancellationToken);
        var previous = await ReadAsync(window.Previous, cancellationToken);
        var (cases, activities) = current.Of(unit);
        return new UnitEvaluation(
            unit.Id, unit.Name, unit.Level, window.Label, window.First, window.Last, state.AsOf, CoverageOf(window, state), state.FirstDay,
            options.Value.Weights, cases, activities, RankChildren(unit, current, previous));
    }

    /// <summary>The bulletin of the <paramref name="period"/> that holds <paramref name="date"/>; null for an unknown unit.</summary>
    public async Task<UnitBulletin?> BulletinAsync(string unitId, BulletinPeriod period, DateOnly date, CancellationToken cancellationToken = default)
    {
        if (organisation.FindUnit(unitId) is not { } unit)
        {
            return null;
        }

        var window = ReportWindow.Of(period, date);
        var state = await store.ReadStateAsync(cancellationToken);
        var current = await ReadAsync(window, cancellationToken);
        var previous = await ReadAsync(window.Previous, cancellationToken);
        var (cases, activities) = current.Of(unit);
        var (previousCases, previousActivities) = previous.Of(unit);
        var overdueAt = Min(clock.MidnightStarting(window.Last.AddDays(1)), clock.Now);
        var grids = organisation.GridsUnder(unit.Id).Select(grid => grid.Id).ToHashSet(StringComparer.Ordinal);
        var overdue = (await store.ReadOverdueAsync(overdueAt, cancellationToken)).Where(facts => grids.Contains(facts.GridId)).ToList();
        return new UnitBulletin(
            unit.Id, unit.Name, unit.Level, period, window.Label, window.First, window.Last, window.Previous.First, window.Previous.Last,
            state.AsOf, CoverageOf(window, state), state.FirstDay,
            Totals(activities, cases, previousActivities, previousCases),
            cases,
            previousCases,
            activities,
            RankChildren(unit, current, previous),
            current.CategoriesOf(grids),
            overdueAt,
            overdue.Count,
            [.. overdue.Take(OverdueListLimit).Select(facts => ToOverdue(facts, overdueAt))]);
    }

    private async Task<WindowFigures> ReadAsync(ReportWindow window, CancellationToken cancellationToken)
    {
        var grids = await store.ReadGridTotalsAsync(window.First, window.Last, cancellationToken);
        var cases = await store.ReadCasesReportedAsync(
            clock.MidnightStarting(window.First), clock.MidnightStarting(window.Last.AddDays(1)), cancellationToken);
        return new WindowFigures(
            organisation,
            grids.ToDictionary(grid => grid.GridId, StringComparer.Ordinal),
            cases.ToLookup(facts => facts.GridId, StringComparer.Ordinal),
            clock.Now,
            options.Value.Weights);
    }

    private DataCoverage CoverageOf(ReportWindow window, ProjectionState state)
    {
        var today = clock.Today;
        return window.First > today ? DataCoverage.Future
            : window.Contains(today) ? DataCoverage.Live
            : state.FirstDay is not { } firstDay || window.Last < firstDay ? DataCoverage.BeforeData
            : state.AsOf is { } asOf && asOf >= clock.MidnightStarting(window.Last.AddDays(1)) ? DataCoverage.Complete
            : DataCoverage.Pending;
    }

    private IReadOnlyList<RankedUnit> RankChildren(Unit unit, WindowFigures current, WindowFigures previous)
    {
        var children = organisation.ChildrenOf(unit.Id);
        var before = Rank(children.Select(child => (child, previous.Of(child)))).ToDictionary(row => row.Unit.Id, row => row.Rank, StringComparer.Ordinal);
        return
        [
            .. Rank(children.Select(child => (child, current.Of(child)))).Select(row =>
            {
                var previousRank = before.GetValueOrDefault(row.Unit.Id);
                return new RankedUnit(
                    row.Rank,
                    previousRank,
                    row.Rank is { } rank && previousRank is { } was ? was - rank : null,
                    row.Rank is not null && previousRank is null,
                    row.Unit.Id,
                    row.Unit.Name,
                    row.Unit.Level,
                    row.Figures.Cases,
                    row.Figures.Activities);
            }),
        ];
    }

    /// <summary>
    /// Ranks by score, ties by on-time rate, then closure rate, then name; units with nothing due follow, unranked,
    /// by name.
    /// </summary>
    private static IEnumerable<(Unit Unit, int? Rank, (CaseEvaluation Cases, UnitActivities Activities) Figures)> Rank(
        IEnumerable<(Unit Unit, (CaseEvaluation Cases, UnitActivities Activities) Figures)> rows)
    {
        var ordered = rows
            .OrderBy(row => row.Figures.Cases.Score is null)
            .ThenByDescending(row => row.Figures.Cases.Score)
            .ThenByDescending(row => row.Figures.Cases.OnTimeRate)
            .ThenByDescending(row => row.Figures.Cases.ClosureRate)
            .ThenBy(row => row.Unit.Name, StringComparer.Ordinal)
            .ToList();
        return ordered.Select((row, index) => (row.Unit, row.Figures.Cases.Score is null ? (int?)null : index + 1, row.Figures));
    }

    private static IReadOnlyList<TotalChange> Totals(UnitActivities activities, CaseEvaluation cases, UnitActivities previousActivities, CaseEvaluation previousCases) =>
    [
        Change("visits", activities.Visits, previousActivities.Visits),
        Change("households", activities.Households, previousActivities.Households),
        Change("trainings", activities.Trainings, previousActivities.Trainings),
        Change("trainingParticipants", activities.TrainingParticipants, previousActivities.TrainingParticipants),
        Change("events", activities.Events, previousActivities.Events),
        Change("eventParticipants", activities.EventParticipants, previousActivities.EventParticipants),
        Change("casesReported", activities.CasesReported, previousActivities.CasesReported),
        Change("due", cases.Due, previousCases.Due),
        Change("closed", cases.Closed, previousCases.Closed),
        Change("closedOnTime", cases.ClosedOnTime, previousCases.ClosedOnTime),
        Change("urges", cases.Urges, previousCases.Urges),
        Change("score", cases.Score, previousCases.Score),
    ];

    private static TotalChange Change(string key, double? current, double? previous)
    {
        var change = current - previous;
        var percent = change is { } difference && previous is > 0 ? Math.Round(difference / previous.Value * 100, 1, MidpointRounding.AwayFromZero) : (double?)null;
        return new TotalChange(key, current, previous, change is { } c ? Math.Round(c, 2, MidpointRounding.AwayFromZero) : null, percent);
    }

    private OverdueCase ToOverdue(CaseFacts facts, DateTimeOffset at)
    {
        var line = organisation.LineOf(facts.GridId);
        var community = line.FirstOrDefault(unit => unit.Level == UnitLevel.Community);
        return new OverdueCase(
            facts.Id,
            facts.Category,
            facts.GridId,
            line.Count > 0 ? line[^1].Name : facts.GridId,
            community?.Name,
            facts.Deadline,
            (long)(at - facts.Deadline).TotalMinutes);
    }

    private static DateTimeOffset Min(DateTimeOffset left, DateTimeOffset right) => left <= right ? left : right;

    /// <summary>The projection's figures of one period, summed per unit on demand.</summary>
    private sealed class WindowFigures(
        OrganisationTree organisation,
        Dictionary<string, GridTotal> grids,
        ILookup<string, CaseFacts> cases,
        DateTimeOffset now,
        EvaluationWeights weights)
    {
        public (CaseEvaluation Cases, UnitActivities Activities) Of(Unit unit)
        {
            var figures = DayFigures.Zero;
            var active = 0;
            var workers = 0;
            var unitCases = new List<CaseFacts>();
            foreach (var grid in organisation.GridsUnder(unit.Id))
            {
                workers += organisation.WorkersOf(grid.Id).Count;
                unitCases.AddRange(cases[grid.Id]);
                if (grids.TryGetValue(grid.Id, out var total))
                {
                    figures += total.Figures;
                    active += total.ActiveWorkers;
                }
            }

            var perWorker = workers == 0 ? null : new PerWorker(
                Average(figures.Visits, workers), Average(figures.Households, workers), Average(figures.Trainings, workers), Average(figures.Events, workers));
            var activities = new UnitActivities(
                figures.Visits, figures.Households, figures.Trainings, figures.TrainingParticipants, figures.Events, figures.EventParticipants,
                figures.CasesReported, workers, active, perWorker);
            return (CaseRates.Evaluate(CaseCounts.Of(unitCases, now), weights), activities);
        }

        public IReadOnlyList<CategoryCount> CategoriesOf(HashSet<string> gridIds) =>
        [
            .. gridIds.SelectMany(grid => cases[grid])
                .Where(facts => facts.CancelledAt is null)
                .GroupBy(facts => facts.Category, StringComparer.Ordinal)
                .Select(group => new CategoryCount(group.Key, group.LongCount()))
                .OrderByDescending(category => category.Count)
                .ThenBy(category => category.Category, StringComparer.Ordinal)
                .Take(CategoryLimit),
        ];

        private static double Average(long total, int workers) => Math.Round((double)total / workers, 2, MidpointRounding.AwayFromZero);
    }
}

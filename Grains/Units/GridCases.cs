using Grains.Cases;
using Grains.Interfaces;
using Grains.Time;

namespace Grains.Units;

/// <summary>
/// The cases of a grid as their latest summaries, with the running ones (reported or dispatched: only they turn due soon
/// or overdue) and the open count; and what a case contributes to the counts. A grid makes it at its first case (most
/// grids of a big organisation have none); a replay of a past day folds the same summaries with it.
/// </summary>
internal sealed class GridCases
{
    private static readonly Dictionary<string, CaseSummary> NoCases = [];

    private readonly Dictionary<string, CaseSummary> _all = [];

    // Closed ones pile up over the years; the running ones are what the clock is checked against.
    private Dictionary<string, CaseSummary>? _running;

    /// <summary>Every case, as its latest summary.</summary>
    public IEnumerable<CaseSummary> All => _all.Values;

    /// <summary>The reported and dispatched cases.</summary>
    public IEnumerable<CaseSummary> Running => (_running ?? NoCases).Values;

    /// <summary>The open cases (not closed or cancelled).</summary>
    public long Open { get; private set; }

    /// <summary>Takes a case summary newer than the one held, adding the change of the counts to <paramref name="deltas"/>.</summary>
    public bool Take(CaseSummary summary, DeltaBatch deltas, LocalClock clock)
    {
        _all.TryGetValue(summary.Id, out var held);
        if (held is not null && held.Revision >= summary.Revision)
        {
            return false;
        }

        if (held is not null)
        {
            AddCase(deltas, clock, held, -1);
        }

        AddCase(deltas, clock, summary, 1);
        Track(held, summary);
        return true;
    }

    /// <summary>Takes a summary from a snapshot, whose counts already include it.</summary>
    public void Restore(CaseSummary summary) => Track(null, summary);

    private void Track(CaseSummary? held, CaseSummary summary)
    {
        _all[summary.Id] = summary;
        Open += (CaseDeadlines.IsOpen(summary.State) ? 1 : 0) - (held is not null && CaseDeadlines.IsOpen(held.State) ? 1 : 0);
        if (summary.State is CaseState.Reported or CaseState.Dispatched)
        {
            _running ??= [];
            _running[summary.Id] = summary;
        }
        else
        {
            _running?.Remove(summary.Id);
        }
    }

    /// <summary>
    /// Adds (sign 1) or takes back (sign -1) what a case contributes to the windowed counts and the month's figures:
    /// whatever a write decides. A running case past its deadline, which the clock makes due, is counted live instead
    /// (<see cref="GridLive"/>).
    /// </summary>
    private static void AddCase(DeltaBatch deltas, LocalClock clock, CaseSummary summary, int sign)
    {
        if (summary.State == CaseState.Cancelled)
        {
            return;
        }

        deltas.AddCounts(clock.DateOf(summary.OccurredAt), clock.HourOf(summary.OccurredAt), CountField.CasesReported, sign);
        var closed = summary.State == CaseState.Closed && summary.ClosedAt is not null;
        if (closed)
        {
            deltas.AddCounts(clock.DateOf(summary.ClosedAt!.Value), clock.HourOf(summary.ClosedAt.Value), CountField.CasesClosed, sign);
        }

        var handled = summary.State is CaseState.Resolved or CaseState.Closed;
        deltas.AddMonth(new MonthCaseDelta(
            clock.MonthOf(summary.OccurredAt),
            summary.Category,
            sign,
            handled ? sign : 0,
            closed ? sign : 0,
            closed && summary.ClosedAt <= summary.Deadline ? sign : 0,
            handled && summary.ReworkCount > 0 ? sign : 0,
            handled && summary.ExtensionCount > 0 ? sign : 0,
            summary.UrgeCount * sign));
    }
}

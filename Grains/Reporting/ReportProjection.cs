using System.Text.Json;
using System.Text.Json.Serialization;
using Grains.Storage;
using Grains.Time;
using Storage;

namespace Grains.Reporting;

/// <summary>
/// How log entries become the projection's figures: a report adds to its grid's and its worker's local day (of its
/// <c>occurredAt</c>, so a late report lands in its own day), a new case adds a reported case to its grid's day and
/// stores its facts, a case action changes its case's facts. Other entries (statuses, snapshots, summaries) add
/// nothing. Entries are folded as they are read, so that a chunk costs memory by the days and cases it touches, not by
/// its entries: reports at once, cases kept in order until <see cref="Finish"/> is given the stored facts of the
/// cases acted on (<see cref="CasesActedOn"/>). Pure apart from what it is handed.
/// </summary>
/// <param name="from">The position the entries follow.</param>
/// <param name="clock">Gives the local day of a time.</param>
public sealed class ReportProjection(long from, LocalClock clock)
{
    private readonly ProjectionBatch _batch = new(from);
    private readonly List<StoredEntry> _caseEntries = [];

    /// <summary>How many entries were added.</summary>
    public int Count { get; private set; }

    /// <summary>Folds <paramref name="entry"/>, the next in sequence order.</summary>
    public void Add(StoredEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Count++;
        _batch.To = entry.Sequence;
        switch (entry.Type)
        {
            case LogPayloads.ReportType:
                var report = LogPayloads.ReadReportForCounting(entry);
                var day = clock.DateOf(report.OccurredAt);
                var figures = DayFigures.Of(report);
                Add(_batch.GridDays, (report.GridId, day), figures);
                var worker = (report.WorkerId, day);
                _batch.WorkerDays[worker] = (report.GridId, _batch.WorkerDays.TryGetValue(worker, out var before) ? before.Figures + figures : figures);
                break;
            case LogPayloads.CaseType or LogPayloads.CaseActionType:
                _caseEntries.Add(entry);
                break;
        }
    }

    /// <summary>The cases that actions among the entries act on and that the entries do not create.</summary>
    public IReadOnlyCollection<string> CasesActedOn()
    {
        var created = _caseEntries.Where(entry => entry.Type == LogPayloads.CaseType).Select(entry => entry.Id).ToHashSet(StringComparer.Ordinal);
        return _caseEntries
            .Where(entry => entry.Type == LogPayloads.CaseActionType)
            .Select(entry => entry.Stream[(LogPayloads.CaseStream("").Length)..])
            .Where(caseId => !created.Contains(caseId))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The batch that applies the entries to a projection whose stored cases include <paramref name="stored"/>
    /// (<see cref="CasesActedOn"/>); the cases' entries are applied in their order.
    /// </summary>
    public ProjectionBatch Finish(IReadOnlyDictionary<string, CaseFacts> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var entry in _caseEntries)
        {
            if (entry.Type == LogPayloads.CaseType)
            {
                var newCase = LogPayloads.ReadCase(entry.Payload);
                Add(_batch.GridDays, (newCase.GridId, clock.DateOf(newCase.OccurredAt)), DayFigures.OneCase);
                _batch.Cases[newCase.Id] = new CaseFacts(newCase.Id, newCase.GridId, newCase.Category, newCase.OccurredAt, newCase.Deadline);
                continue;
            }

            var action = JsonSerializer.Deserialize(entry.Payload, StoredActionContext.Default.StoredAction)
                ?? throw new JsonException("The log holds an empty case-action payload.");
            if ((_batch.Cases.GetValueOrDefault(action.CaseId) ?? stored.GetValueOrDefault(action.CaseId)) is { } facts)
            {
                _batch.Cases[action.CaseId] = facts.With(action.Action, action.At, action.Deadline);
            }
        }

        _caseEntries.Clear();
        return _batch;
    }

    private static void Add<TKey>(Dictionary<TKey, DayFigures> figures, TKey key, DayFigures added)
        where TKey : notnull =>
        figures[key] = figures.TryGetValue(key, out var before) ? before + added : added;
}

/// <summary>What the projection reads of a stored case action; the action as text, so that one this build does not know is read too.</summary>
internal sealed record StoredAction(string CaseId, string Action, DateTimeOffset At, DateTimeOffset? Deadline);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredAction))]
internal sealed partial class StoredActionContext : JsonSerializerContext;

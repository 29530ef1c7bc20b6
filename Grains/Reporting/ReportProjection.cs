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
/// nothing. Pure: what it needs of stored cases is handed to it.
/// </summary>
public static class ReportProjection
{
    /// <summary>The cases that actions among <paramref name="entries"/> act on and that the entries do not create.</summary>
    public static IReadOnlyCollection<string> CasesActedOn(IReadOnlyList<StoredEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var created = entries.Where(entry => entry.Type == LogPayloads.CaseType).Select(entry => entry.Id).ToHashSet(StringComparer.Ordinal);
        return entries
            .Where(entry => entry.Type == LogPayloads.CaseActionType)
            .Select(entry => entry.Stream[(LogPayloads.CaseStream("").Length)..])
            .Where(caseId => !created.Contains(caseId))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The batch that applies <paramref name="entries"/> (in sequence order, all after <paramref name="from"/>) to a
    /// projection whose stored cases include <paramref name="stored"/> (<see cref="CasesActedOn"/>).
    /// </summary>
    public static ProjectionBatch Fold(long from, IReadOnlyList<StoredEntry> entries, IReadOnlyDictionary<string, CaseFacts> stored, LocalClock clock)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(clock);
        var batch = new ProjectionBatch(from);
        foreach (var entry in entries)
        {
            batch.To = entry.Sequence;
            switch (entry.Type)
            {
                case LogPayloads.ReportType:
                    var report = LogPayloads.ReadReportForCounting(entry);
                    var day = clock.DateOf(report.OccurredAt);
                    var figures = DayFigures.Of(report);
                    Add(batch.GridDays, (report.GridId, day), figures);
                    var worker = (report.WorkerId, day);
                    batch.WorkerDays[worker] = (report.GridId, batch.WorkerDays.TryGetValue(worker, out var before) ? before.Figures + figures : figures);
                    break;
                case LogPayloads.CaseType:
                    var newCase = LogPayloads.ReadCase(entry.Payload);
                    Add(batch.GridDays, (newCase.GridId, clock.DateOf(newCase.OccurredAt)), DayFigures.OneCase);
                    batch.Cases[newCase.Id] = new CaseFacts(newCase.Id, newCase.GridId, newCase.Category, newCase.OccurredAt, newCase.Deadline);
                    break;
                case LogPayloads.CaseActionType:
                    var action = JsonSerializer.Deserialize(entry.Payload, StoredActionContext.Default.StoredAction)
                        ?? throw new JsonException("The log holds an empty case-action payload.");
                    if ((batch.Cases.GetValueOrDefault(action.CaseId) ?? stored.GetValueOrDefault(action.CaseId)) is { } facts)
                    {
                        batch.Cases[action.CaseId] = facts.With(action.Action, action.At, action.Deadline);
                    }

                    break;
            }
        }

        return batch;
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

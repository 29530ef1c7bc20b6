using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Grains.Interfaces;
using Storage;

namespace Grains.Storage;

/// <summary>
/// The one codec of the log's payloads: canonical JSON (fixed property order, times in UTC), so the same content
/// always gives the same text and the log can tell a repeat from a conflict.
/// </summary>
public static class LogPayloads
{
    /// <summary>Entry type of an activity report; id = report id, stream = grid id.</summary>
    public const string ReportType = "report";

    /// <summary>Entry type of a worker's status; id = <c>{workerId}@{UTC ticks}</c>, stream = <c>worker:{id}</c>.</summary>
    public const string WorkerStatusType = "worker-status";

    /// <summary>Entry type of a new case; id = case id, stream = <c>case:{id}</c>.</summary>
    public const string CaseType = "case";

    /// <summary>Entry type of a case action; id = action id, stream = <c>case:{caseId}</c>.</summary>
    public const string CaseActionType = "case-action";

    /// <summary>
    /// Entry type of what a grid holds of a case after a change (<see cref="CaseSummary"/>); id =
    /// <c>{caseId}#{revision}</c>, stream = grid id. Stored in the same commit as the case's entry, so a grid that
    /// activates reads its cases from its own stream.
    /// </summary>
    public const string CaseSummaryType = "case-summary";

    /// <summary>
    /// Entry type of a grid's snapshot (<see cref="GridSnapshot"/>); id = <c>{gridId}@{position}</c>, stream =
    /// <c>snapshot:{gridId}</c>. Written by the grid; it reads the latest one when it activates.
    /// </summary>
    public const string GridSnapshotType = "grid-snapshot";

    /// <summary>
    /// Entry type of an organisation change (<see cref="OrganisationChange"/>, issue 13); id = change id, stream =
    /// <see cref="OrganisationStream"/>. Its sequence is the organisation's version once it is applied.
    /// </summary>
    public const string OrganisationChangeType = "organisation-change";

    /// <summary>The stream of the organisation's changes, which every process follows.</summary>
    public const string OrganisationStream = "organisation";

    /// <summary>The log entry of an organisation change.</summary>
    public static LogEntry ToEntry(OrganisationChange change) =>
        new(OrganisationChangeType, change.Id, OrganisationStream, JsonSerializer.Serialize(change, LogPayloadContext.Default.OrganisationChange));

    /// <summary>Reads an organisation change payload.</summary>
    public static OrganisationChange ReadOrganisationChange(string payload) =>
        JsonSerializer.Deserialize(payload, LogPayloadContext.Default.OrganisationChange) ?? throw Empty(OrganisationChangeType);

    /// <summary>The canonical JSON of a change's operations: what makes a repeat of the change a duplicate, whoever sends it when.</summary>
    public static string Serialize(IReadOnlyList<OrganisationOperation> operations) =>
        JsonSerializer.Serialize(operations, LogPayloadContext.Default.IReadOnlyListOrganisationOperation);

    /// <summary>Entry type of a wall banner; id = banner id, stream = <see cref="WallsStream"/>.</summary>
    public const string WallBannerType = "wall-banner";

    /// <summary>Entry type of a banner's withdrawal; id = banner id, stream = <see cref="WallsStream"/>.</summary>
    public const string BannerWithdrawalType = "wall-banner-withdrawal";

    /// <summary>The stream of what the walls were told to show (banners and their withdrawals).</summary>
    public const string WallsStream = "walls";

    /// <summary>The stream of a grid's snapshots.</summary>
    public static string SnapshotStream(string gridId) => "snapshot:" + gridId;

    /// <summary>The log entry of a grid's snapshot.</summary>
    public static LogEntry ToEntry(string gridId, GridSnapshot snapshot) =>
        new(
            GridSnapshotType,
            string.Create(CultureInfo.InvariantCulture, $"{gridId}@{snapshot.Position}"),
            SnapshotStream(gridId),
            JsonSerializer.Serialize(snapshot, LogPayloadContext.Default.GridSnapshot));

    /// <summary>Reads a grid's snapshot; null when it is of another format than this version writes.</summary>
    public static GridSnapshot? ReadGridSnapshot(string payload) =>
        JsonSerializer.Deserialize(payload, LogPayloadContext.Default.GridSnapshot) is { Format: GridSnapshot.CurrentFormat } snapshot
            ? snapshot
            : null;

    /// <summary>The stream of a worker's statuses.</summary>
    public static string WorkerStream(string workerId) => "worker:" + workerId;

    /// <summary>The stream of a case's entries.</summary>
    public static string CaseStream(string caseId) => "case:" + caseId;

    /// <summary>The log entry of a report.</summary>
    public static LogEntry ToEntry(ActivityReport report) =>
        new(ReportType, report.Id, report.GridId, JsonSerializer.Serialize(report, LogPayloadContext.Default.ActivityReport), report.OccurredAt);

    /// <summary>The log entry of a worker's status.</summary>
    public static LogEntry ToEntry(WorkerStatusReport status) =>
        new(
            WorkerStatusType,
            string.Create(CultureInfo.InvariantCulture, $"{status.WorkerId}@{status.At.UtcTicks}"),
            WorkerStream(status.WorkerId),
            JsonSerializer.Serialize(status, LogPayloadContext.Default.WorkerStatusReport),
            status.At);

    /// <summary>The log entry of a new case.</summary>
    public static LogEntry ToEntry(NewCase newCase) =>
        new(CaseType, newCase.Id, CaseStream(newCase.Id), Serialize(newCase), newCase.OccurredAt);

    /// <summary>The log entry of a case action.</summary>
    public static LogEntry ToEntry(CaseAction action) =>
        new(CaseActionType, action.Id, CaseStream(action.CaseId), Serialize(action), action.At);

    /// <summary>
    /// The log entry of a case summary, in its grid's stream, with the event time of the case's entry that made it
    /// (<paramref name="occurredAt"/>: the case's time or the action's).
    /// </summary>
    public static LogEntry ToEntry(CaseSummary summary, DateTimeOffset? occurredAt) =>
        new(
            CaseSummaryType,
            string.Create(CultureInfo.InvariantCulture, $"{summary.Id}#{summary.Revision}"),
            summary.GridId,
            JsonSerializer.Serialize(summary, LogPayloadContext.Default.CaseSummary),
            occurredAt);

    /// <summary>The log entry of a wall banner.</summary>
    public static LogEntry ToEntry(WallBanner banner) =>
        new(WallBannerType, banner.Id, WallsStream, JsonSerializer.Serialize(banner, LogPayloadContext.Default.WallBanner));

    /// <summary>The log entry of a banner's withdrawal.</summary>
    public static LogEntry ToEntry(BannerWithdrawal withdrawal) =>
        new(BannerWithdrawalType, withdrawal.BannerId, WallsStream, JsonSerializer.Serialize(withdrawal, LogPayloadContext.Default.BannerWithdrawal));

    /// <summary>Reads a wall banner payload.</summary>
    public static WallBanner ReadWallBanner(string payload) =>
        JsonSerializer.Deserialize(payload, LogPayloadContext.Default.WallBanner) ?? throw Empty(WallBannerType);

    /// <summary>Reads a banner withdrawal payload.</summary>
    public static BannerWithdrawal ReadBannerWithdrawal(string payload) =>
        JsonSerializer.Deserialize(payload, LogPayloadContext.Default.BannerWithdrawal) ?? throw Empty(BannerWithdrawalType);

    /// <summary>Reads a case summary payload.</summary>
    public static CaseSummary ReadCaseSummary(string payload) =>
        JsonSerializer.Deserialize(payload, LogPayloadContext.Default.CaseSummary) ?? throw Empty(CaseSummaryType);

    /// <summary>The canonical JSON of a new case.</summary>
    public static string Serialize(NewCase newCase) => JsonSerializer.Serialize(newCase, LogPayloadContext.Default.NewCase);

    /// <summary>The canonical JSON of a case action.</summary>
    public static string Serialize(CaseAction action) => JsonSerializer.Serialize(action, LogPayloadContext.Default.CaseAction);

    /// <summary>Reads a report payload.</summary>
    public static ActivityReport ReadReport(string payload) =>
        JsonSerializer.Deserialize(payload, LogPayloadContext.Default.ActivityReport) ?? throw Empty(ReportType);

    /// <summary>
    /// Reads what counting needs of a stored report (kind, time, worker, households, participants) without the
    /// general deserializer: the replay reads a million of them at start-up. Id and grid come from the entry itself.
    /// </summary>
    public static ActivityReport ReadReportForCounting(StoredEntry entry)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(entry.Payload.Length);
        var rented = maxBytes <= 1024 ? null : ArrayPool<byte>.Shared.Rent(maxBytes);
        var buffer = rented ?? stackalloc byte[1024];
        try
        {
            var length = Encoding.UTF8.GetBytes(entry.Payload, buffer);
            return ReadReportForCounting(entry, buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ActivityReport ReadReportForCounting(StoredEntry entry, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? workerId = null;
        var kind = ActivityKind.Visit;
        DateTimeOffset occurredAt = default;
        int households = 0, participants = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            if (reader.ValueTextEquals("workerId"u8))
            {
                reader.Read();
                workerId = reader.GetString();
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                kind = reader.ValueTextEquals("Training"u8) ? ActivityKind.Training
                    : reader.ValueTextEquals("Event"u8) ? ActivityKind.Event
                    : ActivityKind.Visit;
            }
            else if (reader.ValueTextEquals("occurredAt"u8))
            {
                reader.Read();
                occurredAt = reader.GetDateTimeOffset();
            }
            else if (reader.ValueTextEquals("households"u8))
            {
                reader.Read();
                households = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("participants"u8))
            {
                reader.Read();
                participants = reader.GetInt32();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ActivityReport(entry.Id, entry.Stream, workerId ?? "", kind, occurredAt, households, participants, null, null);
    }

    /// <summary>Reads a worker status payload.</summary>
    public static WorkerStatusReport ReadWorkerStatus(string payload) =>
        JsonSerializer.Deserialize(payload, LogPayloadContext.Default.WorkerStatusReport) ?? throw Empty(WorkerStatusType);

    /// <summary>Reads a new case payload.</summary>
    public static NewCase ReadCase(string payload) =>
        JsonSerializer.Deserialize(payload, LogPayloadContext.Default.NewCase) ?? throw Empty(CaseType);

    /// <summary>Reads a case action payload.</summary>
    public static CaseAction ReadCaseAction(string payload) =>
        JsonSerializer.Deserialize(payload, LogPayloadContext.Default.CaseAction) ?? throw Empty(CaseActionType);

    private static JsonException Empty(string type) => new($"The log holds an empty {type} payload.");
}

/// <summary>Writes every time in UTC with seven fractional digits, so equal instants give equal text.</summary>
internal sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        // "O" of a UTC DateTime is yyyy-MM-ddTHH:mm:ss.fffffffZ, through the formatter's fast path.
        Span<byte> text = stackalloc byte[32];
        value.UtcDateTime.TryFormat(text, out var length, "O", CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..length]);
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimeConverter)])]
[JsonSerializable(typeof(ActivityReport))]
[JsonSerializable(typeof(WorkerStatusReport))]
[JsonSerializable(typeof(NewCase))]
[JsonSerializable(typeof(CaseAction))]
[JsonSerializable(typeof(CaseSummary))]
[JsonSerializable(typeof(GridSnapshot))]
[JsonSerializable(typeof(OrganisationChange))]
[JsonSerializable(typeof(IReadOnlyList<OrganisationOperation>))]
[JsonSerializable(typeof(WallBanner))]
[JsonSerializable(typeof(BannerWithdrawal))]
internal sealed partial class LogPayloadContext : JsonSerializerContext;

/// <summary>
/// What a grid holds of its stream up to log position <paramref name="Position"/>: its counts (as the contribution it
/// would give its parent; live counts, version and epoch unused), its cases as last summarised, and when each worker
/// was last seen in a report. Worker statuses are not in it: the grid reads them from the workers' own streams.
/// </summary>
public sealed record GridSnapshot(
    int Format,
    long Position,
    UnitContribution Counts,
    IReadOnlyList<CaseSummary> Cases,
    IReadOnlyList<WorkerSighting> Sightings)
{
    /// <summary>
    /// The format this version writes and reads; a snapshot of another is ignored and the stream read whole. 2: the
    /// month's case figures count handled (resolved or closed) cases and extensions, and rework among the handled
    /// ones only (the indicators over due cases, issue 12); a format 1 snapshot lacks them. 3: the counts carry the
    /// reports per hour of the four weeks before the latest two days (the surge's history, issue 12); a format 2
    /// snapshot lacks them.
    /// </summary>
    public const int CurrentFormat = 3;
}

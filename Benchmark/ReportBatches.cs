using System.Text.Json;

namespace Benchmark;

/// <summary>The kinds of activity report (spec 2.2).</summary>
internal enum ReportKind
{
    Visit,
    Training,
    Event,
}

/// <summary>One activity report to send.</summary>
internal readonly record struct Report(string Id, GridWorker Worker, ReportKind Kind, DateTimeOffset OccurredAt, int Count);

/// <summary>One request body of <c>POST /api/reports/batch</c>, serialized before any clock starts.</summary>
internal sealed record Batch(byte[] Body, int Reports);

/// <summary>Reports serialized as batch bodies, with the totals the server must count for them, overall and per street.</summary>
internal sealed class ReportBatches
{
    /// <summary>The most reports in one batch (spec 3).</summary>
    public const int BatchSize = 1000;

    private readonly Dictionary<string, Totals> _streets = new(StringComparer.Ordinal);

    private ReportBatches()
    {
    }

    public List<Batch> Batches { get; } = [];

    public Totals Expected { get; private set; }

    public int Count => (int)Expected.Reports;

    /// <summary>The totals the street <paramref name="streetId"/> must count.</summary>
    public Totals ExpectedFor(string streetId) => _streets.GetValueOrDefault(streetId);

    /// <summary>
    /// <paramref name="count"/> reports over all of <paramref name="workers"/>: mostly visits, some trainings and events
    /// with participants, occurring over the last week.
    /// </summary>
    public static ReportBatches Mixed(IReadOnlyList<GridWorker> workers, int count, string runId, DateTimeOffset now)
    {
        var random = new Random(20_261_121);
        return Serialize(Enumerable.Range(0, count).Select(i =>
        {
            var roll = random.Next(100);
            var kind = roll < 90 ? ReportKind.Visit : roll < 95 ? ReportKind.Training : ReportKind.Event;
            var people = kind == ReportKind.Visit ? random.Next(1, 4) : random.Next(5, 60);
            var occurredAt = now - TimeSpan.FromSeconds(random.Next(60, 7 * 24 * 3600));
            return new Report($"{runId}-{i}", workers[(int)((i * 7919L) % workers.Count)], kind, occurredAt, people);
        }));
    }

    /// <summary>Serializes <paramref name="reports"/> as batches of <see cref="BatchSize"/>.</summary>
    public static ReportBatches Serialize(IEnumerable<Report> reports)
    {
        var batches = new ReportBatches();
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);
        var inBatch = 0;
        foreach (var report in reports)
        {
            if (inBatch == 0)
            {
                writer.WriteStartArray();
            }

            Write(writer, report);
            batches.Expected = batches.Expected.Add(report.Kind);
            batches._streets[report.Worker.StreetId] = batches.ExpectedFor(report.Worker.StreetId).Add(report.Kind);
            if (++inBatch == BatchSize)
            {
                batches.Close(writer, buffer, inBatch);
                inBatch = 0;
            }
        }

        if (inBatch > 0)
        {
            batches.Close(writer, buffer, inBatch);
        }

        return batches;
    }

    private void Close(Utf8JsonWriter writer, MemoryStream buffer, int reports)
    {
        writer.WriteEndArray();
        writer.Flush();
        Batches.Add(new Batch(buffer.ToArray(), reports));
        buffer.SetLength(0);
        writer.Reset(buffer);
    }

    private static void Write(Utf8JsonWriter writer, Report report)
    {
        writer.WriteStartObject();
        writer.WriteString("id", report.Id);
        writer.WriteString("gridId", report.Worker.GridId);
        writer.WriteString("workerId", report.Worker.WorkerId);
        writer.WriteString("occurredAt", report.OccurredAt);
        switch (report.Kind)
        {
            case ReportKind.Visit:
                writer.WriteString("kind", "visit");
                writer.WriteNumber("households", report.Count);
                break;
            case ReportKind.Training:
                writer.WriteString("kind", "training");
                writer.WriteNumber("participants", report.Count);
                break;
            default:
                writer.WriteString("kind", "event");
                writer.WriteNumber("participants", report.Count);
                writer.WriteString("category", "志愿服务");
                break;
        }

        writer.WriteEndObject();
    }
}

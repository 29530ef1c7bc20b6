using Grains.Interfaces;
using Grains.Storage;
using Storage;

namespace Grains.Tests;

public sealed class LogPayloadsTests
{
    [Fact]
    public void The_same_instant_in_another_offset_gives_the_same_payload()
    {
        var utc = Writes.Visit("r1", "g1", "w1", new DateTimeOffset(2026, 3, 15, 4, 0, 0, TimeSpan.Zero));
        var shanghai = utc with { OccurredAt = utc.OccurredAt.ToOffset(TimeSpan.FromHours(8)) };

        Assert.Equal(LogPayloads.ToEntry(utc), LogPayloads.ToEntry(shanghai));
    }

    [Fact]
    public void A_time_is_stored_in_utc_with_seven_fractional_digits_as_the_stored_log_holds_it()
    {
        var at = new DateTimeOffset(2026, 3, 15, 12, 0, 5, TimeSpan.FromHours(8)).AddTicks(1_234_567);

        var payload = LogPayloads.ToEntry(Writes.Visit("r1", "g1", "w1", at)).Payload;

        Assert.Contains("\"occurredAt\":\"2026-03-15T04:00:05.1234567Z\"", payload, StringComparison.Ordinal);
    }

    [Fact]
    public void The_counting_reader_reads_what_the_general_reader_reads()
    {
        var at = new DateTimeOffset(2026, 3, 15, 4, 0, 0, TimeSpan.Zero).AddTicks(1234567);
        ActivityReport[] reports =
        [
            Writes.Visit("r1", "g1", "w1", at, households: 3),
            Writes.Training("r2", "g2", "w2", at, participants: 25) with { Note = "消防\"培训\"" },
            Writes.Event("r3", "g3", "w3", at, participants: 40),
        ];

        foreach (var report in reports)
        {
            var entry = LogPayloads.ToEntry(report);
            var stored = new StoredEntry(1, entry.Type, entry.Id, entry.Stream, entry.Payload);

            Assert.Equal(LogPayloads.ReadReport(entry.Payload) with { Category = null, Note = null }, LogPayloads.ReadReportForCounting(stored));
            Assert.Equal(report, LogPayloads.ReadReport(entry.Payload));
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Dashboard.Web.Hosting;
using Dashboard.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Live;

public sealed class ClientOutboxTests
{
    [Fact]
    public void A_snapshot_goes_out_at_once_when_nothing_is_in_flight()
    {
        var client = new FakeClient();
        var outbox = client.Outbox();

        outbox.OfferSnapshot("u", 1, Json("v1"));

        Assert.Equal(["v1"], client.Sent);
        Assert.Equal(0, outbox.PendingCount);
    }

    [Fact]
    public void While_a_send_is_stuck_only_the_newest_snapshot_per_unit_waits_and_then_goes_out()
    {
        // Arrange
        var client = new FakeClient { Stalled = true };
        var outbox = client.Outbox();
        using var replacements = new MetricCollector<long>(client.Meters, WebMetrics.MeterName, "gridpulse.push.outbox.replacements");
        outbox.OfferSnapshot("u", 1, Json("u1"));

        // Act
        for (var version = 2; version <= 1000; version++)
        {
            outbox.OfferSnapshot("u", version, Json($"u{version}"));
            outbox.OfferSnapshot("w", version, Json($"w{version}"));
        }

        // Assert: the stuck send plus one snapshot per unit; memory does not grow with the offers. Each unit's first
        // pending snapshot (version 2) was replaced by every later one, and the operators' metric counts them.
        Assert.Equal(2, outbox.PendingCount);
        Assert.Equal(2 * 998, replacements.GetMeasurementSnapshot().Sum(measurement => measurement.Value));
        client.Release();
        Assert.Equal(["u1", "u1000", "w1000"], client.Sent.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void While_a_send_is_stuck_activity_batches_are_capped_dropping_the_oldest()
    {
        var client = new FakeClient { Stalled = true };
        var outbox = client.Outbox();
        outbox.OfferActivity(Json("a0"));

        for (var i = 1; i <= 100; i++)
        {
            outbox.OfferActivity(Json($"a{i}"));
        }

        Assert.Equal(ClientOutbox.MaxActivityBatches, outbox.PendingCount);
        client.Release();
        Assert.Equal(["a0", .. Enumerable.Range(101 - ClientOutbox.MaxActivityBatches, ClientOutbox.MaxActivityBatches).Select(i => $"a{i}")], client.Sent);
    }

    [Fact]
    public void A_snapshot_no_newer_than_what_the_client_has_is_never_sent()
    {
        var client = new FakeClient();
        var outbox = client.Outbox();

        outbox.Delivered("u", 7);
        outbox.OfferSnapshot("u", 6, Json("v6"));
        outbox.OfferSnapshot("u", 7, Json("v7"));
        outbox.OfferSnapshot("u", 9, Json("v9"));
        outbox.OfferSnapshot("u", 8, Json("v8"));

        Assert.Equal(["v9"], client.Sent);
    }

    [Fact]
    public void A_closed_outbox_sends_nothing_more()
    {
        var client = new FakeClient { Stalled = true };
        var outbox = client.Outbox();
        outbox.OfferSnapshot("u", 1, Json("v1"));
        outbox.OfferSnapshot("u", 2, Json("v2"));

        outbox.Close();
        outbox.OfferActivity(Json("a"));
        client.Release();

        Assert.Equal(["v1"], client.Sent);
        Assert.Equal(0, outbox.PendingCount);
    }

    [Fact]
    public void A_failed_send_closes_the_outbox_without_throwing_at_the_pusher()
    {
        var client = new FakeClient { Failing = true };
        var outbox = client.Outbox();

        outbox.OfferSnapshot("u", 1, Json("v1"));
        outbox.OfferSnapshot("u", 2, Json("v2"));

        Assert.Empty(client.Sent);
        Assert.Equal(0, outbox.PendingCount);
    }

    private static SerializedPayload Json(string text) => new(Encoding.UTF8.GetBytes($"\"{text}\""));

    /// <summary>A client whose sends complete at once, fail, or hang until released.</summary>
    private sealed class FakeClient
    {
        private readonly ConcurrentQueue<string> _sent = new();
        private TaskCompletionSource _gate = new();

        public bool Stalled { get; set; }

        public bool Failing { get; init; }

        public IReadOnlyList<string> Sent => [.. _sent];

        public IMeterFactory Meters { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

        public ClientOutbox Outbox() => new("c1", SendAsync, new WebMetrics(Meters), NullLogger.Instance);

        /// <summary>Lets the stuck send finish; the sends after it complete at once, on this thread.</summary>
        public void Release()
        {
            Stalled = false;
            _gate.SetResult();
        }

        private Task SendAsync(string connectionId, SerializedPayload payload, bool isSnapshot)
        {
            if (Failing)
            {
                throw new IOException("gone");
            }

            _sent.Enqueue(Encoding.UTF8.GetString(payload.Json.Span).Trim('"'));
            return Stalled ? _gate.Task : Task.CompletedTask;
        }
    }
}

using System.Text.Json;
using Dashboard.Web.Apis;
using Dashboard.Web.Live;
using Grains.Interfaces;
using MessagePack;
using MessagePack.Resolvers;

namespace Dashboard.Web.Tests.Live;

/// <summary>The MessagePack hub protocol's payloads carry the JSON protocol's documents.</summary>
public sealed class JsonMessagePackTests
{
    private static readonly JsonSerializerOptions Json = ApiJsonOptions();

    private static readonly MessagePackSerializerOptions Options =
        JsonMessagePack.Options(MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance), Json);

    [Fact]
    public void A_JSON_document_reads_back_the_same_from_its_MessagePack()
    {
        // Arrange
        const string Document = """
            {"unitId":"t-s1","name":"第一街道 \"东\"","version":9007199254740993,"rate":0.125,"closureRate":1,"negative":-3,
             "big":1E+300,"none":null,"yes":true,"no":false,"hourly":[{"visits":0},{"visits":12}],"empty":[],"nested":{}}
            """;

        // Act
        var messagePack = JsonMessagePack.FromJson(System.Text.Encoding.UTF8.GetBytes(Document));

        // Assert
        using var expected = JsonDocument.Parse(Document);
        using var actual = JsonDocument.Parse(MessagePackSerializer.ConvertToJson(messagePack));
        Assert.True(JsonElement.DeepEquals(expected.RootElement, actual.RootElement), MessagePackSerializer.ConvertToJson(messagePack));
        Assert.Equal(["unitId", "name", "version"], actual.RootElement.EnumerateObject().Take(3).Select(p => p.Name));
    }

    [Fact]
    public void Integers_are_written_as_MessagePack_integers_and_fractions_as_doubles()
    {
        // Act
        var messagePack = JsonMessagePack.FromJson("[7,0.5]"u8.ToArray());

        // Assert: fixarray of 2, positive fixint 7, float64 0.5.
        Assert.Equal([0x92, 0x07, 0xcb, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0], messagePack);
    }

    [Fact]
    public void A_record_is_written_with_the_APIs_JSON_names_enums_and_times_and_read_back()
    {
        // Arrange
        var status = new Sample("t-w1", WorkerDutyStatus.OnDuty, new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.FromHours(8)), null, ["a", "b"]);

        // Act
        var messagePack = MessagePackSerializer.Serialize(status, Options);
        var read = MessagePackSerializer.Deserialize<Sample>(messagePack, Options);

        // Assert
        Assert.Equal(JsonSerializer.Serialize(status, Json), MessagePackSerializer.ConvertToJson(messagePack));
        Assert.Contains("\"status\":\"on-duty\",\"at\":\"2026-12-04T09:30:00+08:00\"", MessagePackSerializer.ConvertToJson(messagePack), StringComparison.Ordinal);
        Assert.Equal(status with { Path = read.Path }, read);
        Assert.Equal(status.Path, read.Path);
    }

    [Fact]
    public void A_serialized_payload_is_written_as_its_MessagePack_and_strings_as_strings()
    {
        // Arrange
        var payload = SerializedPayload.From(new Sample("t-w1", WorkerDutyStatus.OffDuty, DateTimeOffset.UnixEpoch, 0.5, []), Json);

        // Act
        var written = MessagePackSerializer.Serialize(payload, Options);
        var unitId = MessagePackSerializer.Deserialize<string>(MessagePackSerializer.Serialize("t-s1", Options), Options);

        // Assert
        Assert.Equal(payload.MessagePack.ToArray(), written);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(payload.Json.Span), MessagePackSerializer.ConvertToJson(written));
        Assert.Equal("t-s1", unitId);
    }

    private static JsonSerializerOptions ApiJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }

    /// <summary>The kinds of field a snapshot or feed item has.</summary>
    private sealed record Sample(string WorkerId, WorkerDutyStatus Status, DateTimeOffset At, double? Rate, IReadOnlyList<string> Path);
}

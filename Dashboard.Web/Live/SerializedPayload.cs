using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Web.Live;

/// <summary>
/// A value already serialized: a push serializes a snapshot once and every subscriber's message embeds the same bytes,
/// so a thousand walls on one unit cost one serialization, not a thousand. The JSON is made at once; the same document
/// in MessagePack (<see cref="JsonMessagePack"/>) only when a MessagePack client is sent it, then once too.
/// </summary>
[JsonConverter(typeof(SerializedPayloadConverter))]
public sealed class SerializedPayload(byte[] json)
{
    private byte[]? _messagePack;

    /// <summary>The UTF-8 JSON text.</summary>
    public ReadOnlyMemory<byte> Json { get; } = json;

    /// <summary>The JSON document in MessagePack: the same names, strings and numbers.</summary>
    public ReadOnlyMemory<byte> MessagePack =>
        // Two pushes racing to make it make the same bytes; either may win.
        _messagePack ??= JsonMessagePack.FromJson(Json);

    /// <summary>Serializes <paramref name="value"/> once with <paramref name="options"/>.</summary>
    public static SerializedPayload From<T>(T value, JsonSerializerOptions options) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, options));
}

/// <summary>Writes a <see cref="SerializedPayload"/>'s JSON as it is; it is never read.</summary>
internal sealed class SerializedPayloadConverter : JsonConverter<SerializedPayload>
{
    public override SerializedPayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("SerializedPayload is only written.");

    public override void Write(Utf8JsonWriter writer, SerializedPayload value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json.Span, skipInputValidation: true);
}

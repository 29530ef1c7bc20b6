using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Web.Live;

/// <summary>
/// A value already serialized to JSON: a push serializes a snapshot once and every subscriber's message embeds the
/// same bytes, so a thousand walls on one unit cost one serialization, not a thousand.
/// </summary>
[JsonConverter(typeof(SerializedJsonConverter))]
public sealed class SerializedJson(byte[] utf8)
{
    /// <summary>The UTF-8 JSON text.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    /// <summary>Serializes <paramref name="value"/> once with <paramref name="options"/>.</summary>
    public static SerializedJson From<T>(T value, JsonSerializerOptions options) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, options));
}

/// <summary>Writes a <see cref="SerializedJson"/> as it is; it is never read.</summary>
internal sealed class SerializedJsonConverter : JsonConverter<SerializedJson>
{
    public override SerializedJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("SerializedJson is only written.");

    public override void Write(Utf8JsonWriter writer, SerializedJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
}

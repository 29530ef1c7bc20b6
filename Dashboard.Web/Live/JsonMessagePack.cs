using System.Buffers;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Dashboard.Web.Live;

/// <summary>
/// The MessagePack hub protocol's payloads in the JSON protocol's shape (issue 14). A payload is serialized with the
/// API's JSON rules, and that document is written in MessagePack: the same camelCase names, enums as kebab-case
/// strings, times as ISO 8601 strings, numbers as integers where the JSON has no fraction. SignalR's default resolver
/// (MessagePack-CSharp's contractless one) would name fields as C# declares them, enums by their C# names and a
/// <see cref="DateTimeOffset"/> as an array of a timestamp and an offset: a wall would need a second reader, and the
/// two protocols could drift apart.
/// </summary>
public static class JsonMessagePack
{
    /// <summary>
    /// <paramref name="defaults"/> (the protocol's own, with its security settings) with a resolver that writes
    /// <see cref="SerializedPayload"/>s as they are, primitives as MessagePack-CSharp does and everything else through
    /// <paramref name="json"/>.
    /// </summary>
    public static MessagePackSerializerOptions Options(MessagePackSerializerOptions defaults, JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return defaults.WithResolver(new JsonShapedResolver(json));
    }

    /// <summary>The JSON document <paramref name="json"/> in MessagePack.</summary>
    public static byte[] FromJson(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length);
        var writer = new MessagePackWriter(buffer);
        Write(ref writer, document.RootElement);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a JSON value in MessagePack: objects as maps with string keys, in their order.</summary>
    public static void Write(ref MessagePackWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteMapHeader(element.EnumerateObject().Count());
                foreach (var property in element.EnumerateObject())
                {
                    writer.Write(property.Name);
                    Write(ref writer, property.Value);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    Write(ref writer, item);
                }

                break;
            case JsonValueKind.String:
                writer.Write(element.GetString());
                break;
            case JsonValueKind.Number when element.TryGetInt64(out var integer):
                writer.Write(integer);
                break;
            case JsonValueKind.Number:
                writer.Write(element.GetDouble());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.Write(element.GetBoolean());
                break;
            default:
                writer.WriteNil();
                break;
        }
    }
}

/// <summary>The formatters of <see cref="JsonMessagePack.Options"/>.</summary>
file sealed class JsonShapedResolver(JsonSerializerOptions json) : IFormatterResolver
{
    public IMessagePackFormatter<T>? GetFormatter<T>() =>
        typeof(T) == typeof(SerializedPayload)
            ? (IMessagePackFormatter<T>)(object)SerializedPayloadFormatter.Instance
            : BuiltinResolver.Instance.GetFormatter<T>() ?? new JsonShapedFormatter<T>(json);
}

/// <summary>Writes the MessagePack made once for every subscriber; it is never read.</summary>
file sealed class SerializedPayloadFormatter : IMessagePackFormatter<SerializedPayload>
{
    public static readonly SerializedPayloadFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, SerializedPayload value, MessagePackSerializerOptions options) =>
        writer.WriteRaw(value.MessagePack.Span);

    public SerializedPayload Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        throw new NotSupportedException("SerializedPayload is only written.");
}

/// <summary>A value through its JSON document, both ways.</summary>
file sealed class JsonShapedFormatter<T>(JsonSerializerOptions json) : IMessagePackFormatter<T>
{
    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        using var document = JsonSerializer.SerializeToDocument(value, json);
        JsonMessagePack.Write(ref writer, document.RootElement);
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        using var text = new StringWriter();
        MessagePackSerializer.ConvertToJson(ref reader, text, options);
        return JsonSerializer.Deserialize<T>(text.ToString(), json)
            ?? throw new MessagePackSerializationException($"A {typeof(T).Name} cannot be null.");
    }
}

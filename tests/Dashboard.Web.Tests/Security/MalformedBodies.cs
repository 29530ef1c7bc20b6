using System.Text;
using System.Text.Json.Nodes;

namespace Dashboard.Web.Tests.Security;

/// <summary>A body to post: its bytes, its content type and what was done to it.</summary>
public sealed record MalformedBody(string Mutation, byte[] Bytes, string ContentType = "application/json");

/// <summary>
/// Bodies that no write endpoint may accept, made from a valid body with a fixed seed: every mutation breaks the
/// shape (empty, random bytes, invalid UTF-8, deep nesting, wrong types, huge numbers, unknown or duplicate fields,
/// giant strings, nulls for required fields, arrays for objects, truncation, random JSON, a wrong content type).
/// </summary>
public sealed class MalformedBodies(int seed)
{
    private static readonly string[] Mutations =
    [
        "empty", "random-bytes", "invalid-utf8", "deep-nesting", "wrong-type", "huge-number", "extra-field",
        "giant-string", "null-required", "array-for-object", "truncated", "duplicate-field", "random-json", "wrong-content-type",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The <paramref name="index"/>th malformed version of <paramref name="valid"/>; <paramref name="required"/> are its required string fields.</summary>
    public MalformedBody Next(int index, JsonObject valid, IReadOnlyList<string> required)
    {
        var mutation = Mutations[index % Mutations.Length];
        var field = required[_random.Next(required.Count)];
        return mutation switch
        {
            "empty" => new(mutation, []),
            "random-bytes" => new(mutation, RandomBytes(_random.Next(1, 512))),
            "invalid-utf8" => new(mutation, InvalidUtf8(valid, field)),
            "deep-nesting" => new(mutation, Utf8(DeepNesting(valid, field, _random.Next(65, 10_001)))),
            "wrong-type" => new(mutation, Utf8(valid.Patched(field, WrongType()))),
            "huge-number" => new(mutation, Utf8(Unquoted(valid.Patched(NumberField(valid) ?? field, JsonValue.Create(HugeNumber())).ToJsonString()))),
            "extra-field" => new(mutation, Utf8(valid.Patched($"x{_random.Next(1000)}", RandomJson(2), keepNull: true))),
            "giant-string" => new(mutation, Utf8(valid.Patched(field, JsonValue.Create(new string('网', _random.Next(501, 40_000)))))),
            "null-required" => new(mutation, Utf8(valid.Patched(field, null, keepNull: true))),
            "array-for-object" => new(mutation, Utf8(new JsonArray(valid.DeepClone()).ToJsonString())),
            "truncated" => new(mutation, Truncated(valid)),
            "duplicate-field" => new(mutation, Utf8("{\"" + field + "\":\"a\"," + valid.ToJsonString()[1..])),
            "random-json" => new(mutation, Utf8(RandomJson(_random.Next(1, 6))?.ToJsonString() ?? "null")),
            _ => new(mutation, Utf8(valid.ToJsonString()), "text/plain"),
        };
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Utf8(JsonNode node) => Utf8(node.ToJsonString());

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private byte[] InvalidUtf8(JsonObject valid, string field)
    {
        var marker = $"INVALID{_random.Next(1_000_000)}";
        var text = Utf8(valid.Patched(field, JsonValue.Create(marker)));
        byte[][] broken = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]];
        var at = IndexOf(text, Encoding.ASCII.GetBytes(marker));
        return [.. text[..at], .. broken[_random.Next(broken.Length)], .. text[(at + marker.Length)..]];
    }

    private string DeepNesting(JsonObject valid, string field, int depth)
    {
        var (open, close) = _random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        var marker = $"NESTED{_random.Next(1_000_000)}";
        return _random.Next(2) == 0
            ? nested
            : valid.Patched(field, JsonValue.Create(marker)).ToJsonString().Replace($"\"{marker}\"", nested, StringComparison.Ordinal);
    }

    private JsonNode WrongType() => _random.Next(5) switch
    {
        0 => JsonValue.Create(_random.Next()),
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => new JsonObject { ["value"] = "x" },
        3 => new JsonArray("x", 1),
        _ => JsonValue.Create(-0.5),
    };

    // A marked string that loses its quotes in the text, so the number is written as it is, past any .NET type.
    private string HugeNumber()
    {
        string[] numbers = ["1e400", "-1e400", "99999999999999999999999999999999", "2147483648", "-2147483649", "1.5e-400", "0.000000000000000000000000001"];
        return $"HUGE:{numbers[_random.Next(numbers.Length)]}:HUGE";
    }

    private static string Unquoted(string text) =>
        text.Replace("\"HUGE:", "", StringComparison.Ordinal).Replace(":HUGE\"", "", StringComparison.Ordinal);

    private static string? NumberField(JsonObject valid) => valid.ContainsKey("kind") ? "households" : null;

    private byte[] Truncated(JsonObject valid)
    {
        var text = Utf8(valid);
        return text[.._random.Next(1, text.Length - 1)];
    }

    private JsonNode? RandomJson(int depth) => _random.Next(depth <= 0 ? 4 : 6) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.NextDouble() * 1e6),
        2 => JsonValue.Create(new string((char)('a' + _random.Next(26)), _random.Next(0, 20))),
        3 => JsonValue.Create(_random.Next(2) == 0),
        4 => new JsonArray([.. Enumerable.Range(0, _random.Next(4)).Select(_ => RandomJson(depth - 1))]),
        _ => RandomObject(depth - 1),
    };

    private JsonObject RandomObject(int depth)
    {
        var value = new JsonObject();
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            value[$"k{_random.Next(100)}"] = RandomJson(depth);
        }

        return value;
    }

    private static int IndexOf(byte[] text, byte[] part) => text.AsSpan().IndexOf(part);
}

/// <summary>Copies of JSON bodies with one field changed.</summary>
internal static class JsonPatches
{
    /// <summary>A copy with <paramref name="field"/> set to <paramref name="value"/>; a null value removes the field unless <paramref name="keepNull"/>.</summary>
    public static JsonObject Patched(this JsonObject body, string field, JsonNode? value, bool keepNull = false)
    {
        var copy = (JsonObject)body.DeepClone();
        if (value is null && !keepNull)
        {
            copy.Remove(field);
        }
        else
        {
            copy[field] = value?.DeepClone();
        }

        return copy;
    }
}

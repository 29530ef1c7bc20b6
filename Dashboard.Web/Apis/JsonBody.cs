using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Apis;

/// <summary>
/// Reads JSON request bodies for every endpoint, so that a wrong content type (415), a body over the endpoint's
/// limit (413), an empty body, broken JSON, unknown or duplicate fields and wrong types (400) all answer a problem
/// that names the JSON path and the reason.
/// </summary>
public static class JsonBody
{
    /// <summary>The body limit of one report, case, case action or worker status: 64 KB.</summary>
    public const long SingleLimit = 64 * 1024;

    /// <summary>The body limit of a batch of reports: 4 MB.</summary>
    public const long BatchLimit = 4 * 1024 * 1024;

    /// <summary>Reads the body as one <typeparamref name="T"/>.</summary>
    public static Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, long limit, CancellationToken cancellationToken)
        where T : class =>
        ReadBodyAsync(request, limit, static (body, options) => Bind<T>(body, options), SerializerOptions(request), cancellationToken);

    /// <summary>Reads an optional body as one <typeparamref name="T"/>: without one (empty, or neither a length nor JSON) it is a new one.</summary>
    public static async Task<BodyRead<T>> ReadOptionalAsync<T>(HttpRequest request, long limit, CancellationToken cancellationToken)
        where T : class, new() =>
        request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType())
            ? new(new T())
            : await ReadAsync<T>(request, limit, cancellationToken);

    /// <summary>
    /// Reads the body as a JSON array and binds each of its first <paramref name="maxItems"/> items to
    /// <typeparamref name="T"/> on its own, straight from the request's bytes; the items beyond are only counted.
    /// Broken JSON anywhere answers the body's problem; a body that is not an array answers <paramref name="notArray"/>.
    /// </summary>
    public static Task<BodyRead<BoundItems<T>>> ReadItemsAsync<T>(
        HttpRequest request, long limit, int maxItems, string notArray, CancellationToken cancellationToken)
        where T : class =>
        ReadBodyAsync(
            request,
            limit,
            static (body, state) => BindItems<T>(body, state.Options, state.MaxItems, state.NotArray),
            (Options: SerializerOptions(request), MaxItems: maxItems, NotArray: notArray),
            cancellationToken);

    /// <summary>The JSON options of the HTTP API, as configured in <see cref="ApiJson"/>.</summary>
    public static JsonSerializerOptions SerializerOptions(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    /// <summary>
    /// Waits for the whole body in the request's pipe and reads it there, without copying it: a single report, and
    /// each item of a batch, is bound straight from those bytes.
    /// </summary>
    private static async Task<BodyRead<TValue>> ReadBodyAsync<TValue, TState>(
        HttpRequest request,
        long limit,
        Func<ReadOnlySequence<byte>, TState, BodyRead<TValue>> read,
        TState state,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return new(Problems.Result(StatusCodes.Status415UnsupportedMediaType, "请求体必须是 JSON（Content-Type: application/json）。"));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return new(TooLarge(limit));
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var body = result.Buffer;
                if (body.Length > limit)
                {
                    reader.AdvanceTo(body.End);
                    return new(TooLarge(limit));
                }

                if (result.IsCompleted)
                {
                    try
                    {
                        return body.IsEmpty ? new(Problems.Result(StatusCodes.Status400BadRequest, "请求体为空。")) : read(body, state);
                    }
                    finally
                    {
                        reader.AdvanceTo(body.End);
                    }
                }

                reader.AdvanceTo(body.Start, body.End);
            }
        }
        catch (BadHttpRequestException e)
        {
            return new(Problems.Result(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLargeDetail(limit) : "请求体无法读取。"));
        }
    }

    /// <summary>
    /// Binds a whole body to <typeparamref name="T"/> in one pass, the syntax checked to its end; on a failure broken
    /// JSON anywhere is answered first, as parsing a document would, then a value that is not an object, then the field.
    /// </summary>
    private static BodyRead<T> Bind<T>(ReadOnlySequence<byte> body, JsonSerializerOptions options)
        where T : class
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return new(SyntaxProblem(body) ?? JsonProblem("$", "应为 JSON 对象"));
            }

            var start = reader;
            try
            {
                var value = JsonSerializer.Deserialize<T>(ref reader, options)!;
                while (reader.Read())
                {
                }

                return new(value);
            }
            catch (JsonException e) when (SyntaxProblem(body) is null)
            {
                return new(JsonProblem(e.Path ?? "$", Reason<T>(e, start, options)));
            }
        }
        catch (JsonException)
        {
            return new(SyntaxProblem(body) ?? JsonProblem("$", "不是有效的 JSON"));
        }
    }

    /// <summary>
    /// One pass over the array: the reader checks the syntax as it goes, each item is deserialized where it lies, and
    /// an item refused for its fields is skipped from where it started. Any syntax error answers the whole body's
    /// problem, as the single-value path does, so broken JSON is never half-read.
    /// </summary>
    private static BodyRead<BoundItems<T>> BindItems<T>(ReadOnlySequence<byte> body, JsonSerializerOptions options, int maxItems, string notArray)
        where T : class
    {
        var items = new BoundItems<T>();
        var reader = new Utf8JsonReader(body);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return new(SyntaxProblem(body) ?? JsonProblem("$", notArray));
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (items.Count++ >= maxItems)
                {
                    reader.Skip();
                }
                else
                {
                    BindItem(ref reader, options, items);
                }
            }

            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            return new(SyntaxProblem(body) ?? JsonProblem("$", "不是有效的 JSON"));
        }

        return new(items);
    }

    private static void BindItem<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, BoundItems<T> items)
        where T : class
    {
        var index = items.Count - 1;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            items.Refused.Add((index, JsonProblem(ItemPath(index), "应为 JSON 对象")));
            return;
        }

        var start = reader;
        try
        {
            items.Bound.Add((index, JsonSerializer.Deserialize<T>(ref reader, options)!));
        }
        catch (JsonException e)
        {
            reader = start;
            reader.Skip();
            items.Refused.Add((index, JsonProblem(ItemPath(index) + (e.Path ?? "$")[1..], Reason<T>(e, start, options))));
        }
    }

    private static string ItemPath(int index) => string.Create(CultureInfo.InvariantCulture, $"$[{index}]");

    /// <summary>The problem of a body that is not one well-formed JSON value; null when it is one.</summary>
    private static ProblemHttpResult? SyntaxProblem(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException e)
        {
            return SyntaxProblem(e);
        }
    }

    private static ProblemHttpResult SyntaxProblem(JsonException e)
    {
        var where = e.LineNumber is { } line ? $"第 {line + 1} 行第 {(e.BytePositionInLine ?? 0) + 1} 个字节处" : "";
        return JsonProblem(e.Path ?? "$", $"不是有效的 JSON，{where}格式错误");
    }

    /// <summary>A 400 problem about the value at a JSON path.</summary>
    public static ProblemHttpResult JsonProblem(string path, string reason) =>
        Problems.Result(StatusCodes.Status400BadRequest, $"{path}: {reason}。", new Dictionary<string, object?> { ["path"] = path });

    private static ProblemHttpResult TooLarge(long limit) => Problems.Result(StatusCodes.Status413PayloadTooLarge, TooLargeDetail(limit));

    private static string TooLargeDetail(long limit) =>
        limit >= 1024 * 1024 ? $"请求体不能超过 {limit / (1024 * 1024)} MB。" : $"请求体不能超过 {limit / 1024} KB。";

    /// <summary>
    /// Why System.Text.Json refused the object that starts at <paramref name="start"/>, in the API's own terms: from the
    /// field the exception's path names and the record's contract, never from the exception's (English) message. A
    /// field the record does not have is unknown; one the object holds twice is a duplicate; else its value has the wrong type.
    /// </summary>
    private static string Reason<T>(JsonException e, Utf8JsonReader start, JsonSerializerOptions options)
    {
        var name = FieldOf(e.Path);
        if (name is null)
        {
            return "值的类型不符合要求";
        }

        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var field = options.GetTypeInfo(typeof(T)).Properties.FirstOrDefault(property => string.Equals(property.Name, name, comparison));
        if (field is null)
        {
            return $"不接受未知字段 {name}";
        }

        if (Occurrences(start, name) > 1)
        {
            return "字段重复";
        }

        var type = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
        return type == typeof(string) ? "应为字符串"
            : type == typeof(int) ? "应为整数"
            : type == typeof(bool) ? "应为 true 或 false"
            : "值的类型不符合要求";
    }

    /// <summary>The field a top-level path names (<c>$.gridId</c>, <c>$['grid id']</c>); null for the root or a deeper path.</summary>
    private static string? FieldOf(string? path)
    {
        if (path is null || path.Length < 3 || path[0] != '$')
        {
            return null;
        }

        if (path[1] == '.' && path.IndexOfAny(['.', '['], 2) < 0)
        {
            return path[2..];
        }

        return path.StartsWith("$['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal) ? path[3..^2] : null;
    }

    /// <summary>How often the object that starts at <paramref name="start"/> holds the field <paramref name="name"/>.</summary>
    private static int Occurrences(Utf8JsonReader start, string name)
    {
        var reader = start;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            count += reader.ValueTextEquals(name) ? 1 : 0;
            reader.Read();
            reader.Skip();
        }

        return count;
    }
}

/// <summary>A body read: the value, or the problem to answer instead.</summary>
public sealed class BodyRead<T>
{
    /// <summary>A read that succeeded.</summary>
    public BodyRead(T value) => Value = value;

    /// <summary>A read that failed.</summary>
    public BodyRead(ProblemHttpResult problem) => Problem = problem;

    /// <summary>The value when the read succeeded.</summary>
    public T? Value { get; }

    /// <summary>The problem to answer when it did not.</summary>
    public ProblemHttpResult? Problem { get; }

    /// <summary>True when <see cref="Value"/> holds the body.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;
}

/// <summary>The items of a JSON array body, each bound on its own: the bound ones and the refused ones by index.</summary>
public sealed class BoundItems<T>
    where T : class
{
    /// <summary>How many items the array holds, the ones beyond the bound limit included.</summary>
    public int Count { get; internal set; }

    /// <summary>The items that bound, with their index in the array, in order.</summary>
    public List<(int Index, T Value)> Bound { get; } = [];

    /// <summary>The items that did not bind, with their index and the problem each would have answered alone, in order.</summary>
    public List<(int Index, ProblemHttpResult Problem)> Refused { get; } = [];
}

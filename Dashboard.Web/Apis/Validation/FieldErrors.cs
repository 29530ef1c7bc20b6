using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Web.Apis.Validation;

/// <summary>The field rules shared by every request (spec 2.1, 3), collecting one Chinese message per broken rule.</summary>
internal sealed partial class FieldErrors
{
    /// <summary>The longest id (spec 2.1).</summary>
    public const int IdLength = 64;

    /// <summary>The longest category of a report or a case.</summary>
    public const int CategoryLength = 32;

    /// <summary>The longest note of a report or a case action.</summary>
    public const int NoteLength = 500;

    // Made at the first error: most requests have none.
    private Dictionary<string, List<string>>? _errors;

    public bool Any => _errors is not null;

    public void Add(string field, string message)
    {
        _errors ??= [];
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => (_errors ?? []).ToDictionary(field => field.Key, field => field.Value.ToArray());

    /// <summary>A required id: 1 to 64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</summary>
    public string Id(string field, string label, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, $"{label}不能为空");
        }
        else if (!IsId(value))
        {
            Add(field, $"{label}只能由 1 到 {IdLength} 个字母、数字、-、_、. 组成");
        }

        return value ?? "";
    }

    /// <summary>A required text of at most <paramref name="maxLength"/> characters.</summary>
    public string RequiredText(string field, string label, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{label}不能为空");
            return "";
        }

        return OptionalText(field, label, value, maxLength) ?? "";
    }

    /// <summary>An optional text of at most <paramref name="maxLength"/> characters; blank counts as absent.</summary>
    public string? OptionalText(string field, string label, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"{label}不能超过 {maxLength} 个字符");
        }

        return value;
    }

    /// <summary>A required ISO 8601 time with an offset.</summary>
    public DateTimeOffset RequiredTime(string field, string label, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, $"{label}不能为空");
            return default;
        }

        return OptionalTime(field, label, value) ?? default;
    }

    /// <summary>An optional ISO 8601 time with an offset.</summary>
    public DateTimeOffset? OptionalTime(string field, string label, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (TimeWithOffset().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        Add(field, $"{label}必须是带时区的 ISO 8601 时间，例如 2025-06-01T09:30:00+08:00");
        return null;
    }

    /// <summary>A required enum value by its API name.</summary>
    public TEnum Choice<TEnum>(string field, string label, string? value)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, $"{label}不能为空");
        }
        else if (!ApiJson.TryParse<TEnum>(value, out var parsed))
        {
            Add(field, $"{label}必须是 {ApiJson.NamesOf<TEnum>()} 之一");
        }
        else
        {
            return parsed;
        }

        return default;
    }

    /// <summary>True for a valid id (spec 2.1).</summary>
    public static bool IsId(string? value) => value is not null && IdPattern().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+\-]\d{2}:\d{2})\z")]
    private static partial Regex TimeWithOffset();
}

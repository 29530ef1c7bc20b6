using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Web.Apis;

/// <summary>The JSON rules of the HTTP API, set once on the HTTP JSON options.</summary>
public static class ApiJson
{
    /// <summary>
    /// camelCase (the web default), enums as kebab-case strings (<c>OnDuty</c> is <c>on-duty</c>), and strict
    /// reading: unknown fields, duplicate fields and numbers written as strings are refused.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>The API name of an enum value, as the JSON shows it.</summary>
    public static string NameOf<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>Reads an enum value from its API name (exact, lower case).</summary>
    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        var names = ApiNames<TEnum>.Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                value = ApiNames<TEnum>.Values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The API names of all values of an enum, for messages: <c>visit、training、event</c>.</summary>
    public static string NamesOf<TEnum>()
        where TEnum : struct, Enum =>
        string.Join("、", Enum.GetValues<TEnum>().Select(NameOf));
}

/// <summary>An enum's values and their API names, worked out once: every report's kind is parsed by name.</summary>
file static class ApiNames<TEnum>
    where TEnum : struct, Enum
{
    public static readonly TEnum[] Values = Enum.GetValues<TEnum>();

    public static readonly string[] Names = Array.ConvertAll(Values, ApiJson.NameOf);
}

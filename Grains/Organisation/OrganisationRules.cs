using System.Text.RegularExpressions;
using Grains.Interfaces;
using Grains.Storage;

namespace Grains.Organisation;

/// <summary>
/// The rules a unit or worker meets wherever it comes from, the organisation file or a change (spec 2.1): the form of
/// ids, names and phones, and the level a unit has under its parent. Messages are Chinese, then English.
/// </summary>
internal static partial class OrganisationRules
{
    /// <summary>The longest name of a unit or a worker.</summary>
    public const int MaxNameLength = 64;

    // A grid's id names its stream in the log: no unit may take the name of a stream the log keeps for itself.
    private static readonly HashSet<string> ReservedIds = new([LogPayloads.OrganisationStream, LogPayloads.WallsStream], StringComparer.Ordinal);

    /// <summary>True for a valid unit or worker id: 1 to 64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</summary>
    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Why <paramref name="id"/> is no valid id of a <paramref name="chineseKind"/> (<paramref name="englishKind"/>), or null.</summary>
    public static string? IdProblem(string? id, string chineseKind, string englishKind) =>
        !IsId(id)
            ? $"{chineseKind} \"{id}\" 无效：只能包含字母、数字、-、_、.，长度 1 到 64 个字符 / invalid {englishKind}: letters, digits, '-', '_' and '.' only, 1 to 64 characters"
            : ReservedIds.Contains(id!)
                ? $"{chineseKind} \"{id}\" 是系统保留名称 / \"{id}\" is reserved for the log's own streams"
                : null;

    /// <summary>Why <paramref name="name"/> is no valid name, or null.</summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "名称不能为空 / name must not be empty"
        : name != name.Trim() ? "名称首尾不能有空白 / name must not begin or end with white space"
        : name.Length > MaxNameLength ? $"名称超过 {MaxNameLength} 个字符（{name.Length} 个） / name longer than {MaxNameLength} characters"
        : null;

    /// <summary>Why <paramref name="phone"/> is no mainland mobile number (手机号: 11 digits starting with 1), or null; none is fine.</summary>
    public static string? PhoneProblem(string? phone) =>
        phone is null || PhonePattern().IsMatch(phone)
            ? null
            : $"手机号 \"{phone}\" 无效：应为 1 开头的 11 位数字 / invalid phone: 11 digits starting with 1";

    /// <summary>The level a unit has under <paramref name="parent"/>: a district at the root; null under a grid, which has no children.</summary>
    public static UnitLevel? LevelUnder(Unit? parent) =>
        parent is null ? UnitLevel.District
        : parent.Level == UnitLevel.Grid ? null
        : parent.Level + 1;

    /// <summary>The name of a level in the organisation file and the API.</summary>
    public static string LevelName(UnitLevel level) => level switch
    {
        UnitLevel.District => "district",
        UnitLevel.Street => "street",
        UnitLevel.Community => "community",
        _ => "grid",
    };

    /// <summary>Reads a level by its name in the organisation file.</summary>
    public static bool TryParseLevel(string text, out UnitLevel level)
    {
        (var known, level) = text switch
        {
            "district" => (true, UnitLevel.District),
            "street" => (true, UnitLevel.Street),
            "community" => (true, UnitLevel.Community),
            "grid" => (true, UnitLevel.Grid),
            _ => (false, default),
        };
        return known;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^1[0-9]{10}\\z")]
    private static partial Regex PhonePattern();
}

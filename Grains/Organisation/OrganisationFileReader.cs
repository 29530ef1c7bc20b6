using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grains.Interfaces;

namespace Grains.Organisation;

/// <summary>
/// Reads and checks an organisation file (spec 2.1). Every problem is reported with the file, the JSON path and,
/// for malformed JSON, the line and column, in Chinese first and then English.
/// </summary>
internal sealed partial class OrganisationFileReader
{
    private static readonly string[] UnitProperties = ["id", "name", "level", "children", "workers"];
    private static readonly string[] WorkerProperties = ["id", "name"];

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    private readonly string _source;
    private readonly Dictionary<string, string> _unitIdPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _workerIdPaths = new(StringComparer.Ordinal);

    private OrganisationFileReader(string source) => _source = source;

    public List<Unit> Units { get; } = [];

    public List<Unit> Grids { get; } = [];

    public List<Worker> Workers { get; } = [];

    public static OrganisationFileReader Read(string json, string source)
    {
        var reader = new OrganisationFileReader(source);
        reader.ReadUnit(reader.ParseRoot(json.StartsWith('\uFEFF') ? json[1..] : json), "$", parent: null);
        return reader;
    }

    private JsonElement ParseRoot(string json)
    {
        try
        {
            // JsonDocument.Parse rents the document's buffers from the shared array pool, which holds on to them after
            // disposal until it trims a minute later. JsonElement.ParseValue allocates the copy of the text plainly,
            // for the GC to take back; its metadata still passes through the pool.
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), ReaderOptions);
            var root = JsonElement.ParseValue(ref reader);

            // Past the root only whitespace and comments may follow: anything else throws, as in JsonDocument.Parse.
            reader.Read();
            return root;
        }
        catch (JsonException exception)
        {
            var line = (int)(exception.LineNumber ?? 0);
            var column = CharacterColumn(json, line, (int)(exception.BytePositionInLine ?? 0));
            var reason = WithoutPosition(exception.Message);
            throw new OrganisationFileException(
                $"{_source}: 第 {line + 1} 行第 {column + 1} 列: JSON 格式错误 / malformed JSON at line {line + 1}, column {column + 1}: {reason}",
                exception);
        }
    }

    private Unit ReadUnit(JsonElement element, string path, Unit? parent)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Problem(path, $"单位必须是 JSON 对象，实际为 {Describe(element)}", "a unit must be a JSON object");
        }

        CheckProperties(element, path, UnitProperties);
        var id = ReadId(element, path, "单位编号", "unit id", _unitIdPaths);
        var name = ReadName(element, path);
        var level = ReadLevel(element, path, parent);

        var unit = new Unit(id, name, level, parent?.Id);
        Units.Add(unit);
        if (level == UnitLevel.Grid)
        {
            RefuseProperty(element, path, "children", "网格不能有下级单位", "a grid has no children");
            ReadWorkers(element, path, unit);
        }
        else
        {
            RefuseProperty(element, path, "workers", $"只有网格可以有网格员，此单位的层级为 \"{LevelName(level)}\"", "only grids have workers");
            ReadChildren(element, path, unit);
        }

        return unit;
    }

    private void ReadChildren(JsonElement element, string path, Unit unit)
    {
        if (!element.TryGetProperty("children", out var children) || children.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var childrenPath = $"{path}.children";
        if (children.ValueKind != JsonValueKind.Array)
        {
            throw Problem(childrenPath, $"\"children\" 必须是数组，实际为 {Describe(children)}", "\"children\" must be an array");
        }

        var index = 0;
        foreach (var child in children.EnumerateArray())
        {
            ReadUnit(child, $"{childrenPath}[{index}]", unit);
            index++;
        }
    }

    private void ReadWorkers(JsonElement element, string path, Unit grid)
    {
        var workersPath = $"{path}.workers";
        if (!element.TryGetProperty("workers", out var workers) || workers.ValueKind == JsonValueKind.Null)
        {
            throw Problem(path, $"网格 \"{grid.Id}\" 没有网格员：网格至少要有一名网格员（\"workers\"）", "a grid needs at least one worker");
        }

        if (workers.ValueKind != JsonValueKind.Array)
        {
            throw Problem(workersPath, $"\"workers\" 必须是数组，实际为 {Describe(workers)}", "\"workers\" must be an array");
        }

        if (workers.GetArrayLength() == 0)
        {
            throw Problem(workersPath, $"网格 \"{grid.Id}\" 没有网格员：网格至少要有一名网格员", "a grid needs at least one worker");
        }

        var index = 0;
        foreach (var item in workers.EnumerateArray())
        {
            Workers.Add(ReadWorker(item, $"{workersPath}[{index}]", grid));
            index++;
        }
    }

    private Worker ReadWorker(JsonElement element, string path, Unit grid)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Problem(path, $"网格员必须是 JSON 对象，实际为 {Describe(element)}", "a worker must be a JSON object");
        }

        CheckProperties(element, path, WorkerProperties);
        var id = ReadId(element, path, "网格员编号", "worker id", _workerIdPaths);
        var name = ReadName(element, path);
        return new Worker(id, name, grid.Id);
    }

    private void CheckProperties(JsonElement element, string path, string[] allowed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = PropertyPath(path, property.Name);
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Problem(
                    propertyPath,
                    $"未知属性 \"{property.Name}\"（允许的属性：{string.Join("、", allowed)}）",
                    $"unknown property \"{property.Name}\"");
            }

            if (!seen.Add(property.Name))
            {
                throw Problem(propertyPath, $"属性 \"{property.Name}\" 重复出现", $"duplicate property \"{property.Name}\"");
            }
        }
    }

    private string ReadId(JsonElement element, string path, string chineseKind, string englishKind, Dictionary<string, string> seen)
    {
        var id = RequiredString(element, path, "id");
        var idPath = $"{path}.id";
        if (OrganisationRules.IdProblem(id, chineseKind, englishKind) is { } problem)
        {
            throw Problem(idPath, problem);
        }

        if (!seen.TryAdd(id, idPath))
        {
            throw Problem(
                idPath,
                $"重复的{chineseKind} \"{id}\"（首次出现于 {seen[id]}）",
                $"duplicate {englishKind} \"{id}\" (first at {seen[id]})");
        }

        return id;
    }

    private string ReadName(JsonElement element, string path)
    {
        var name = RequiredString(element, path, "name");
        return OrganisationRules.NameProblem(name) is { } problem ? throw Problem($"{path}.name", problem) : name;
    }

    private UnitLevel ReadLevel(JsonElement element, string path, Unit? parent)
    {
        var text = RequiredString(element, path, "level");
        var levelPath = $"{path}.level";
        if (!OrganisationRules.TryParseLevel(text, out var level))
        {
            throw Problem(
                levelPath,
                $"未知的层级 \"{text}\"（应为 district、street、community 或 grid）",
                $"unknown level \"{text}\"");
        }

        var expected = OrganisationRules.LevelUnder(parent) ?? UnitLevel.Grid;
        if (level != expected)
        {
            var chinese = parent is null
                ? $"根单位的层级应为 \"district\"，实际为 \"{text}\""
                : $"层级应为 \"{LevelName(expected)}\"（\"{parent.Id}\" 是 {LevelName(parent.Level)} 的下级），实际为 \"{text}\"";
            var english = parent is null
                ? $"the root must be a district, found \"{text}\""
                : $"expected level \"{LevelName(expected)}\" under a {LevelName(parent.Level)}, found \"{text}\"";
            throw Problem(levelPath, chinese, english);
        }

        return level;
    }

    private string RequiredString(JsonElement element, string path, string property)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            throw Problem(path, $"缺少属性 \"{property}\"", $"missing \"{property}\"");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Problem(
                $"{path}.{property}",
                $"\"{property}\" 必须是字符串，实际为 {Describe(value)}",
                $"\"{property}\" must be a string");
        }

        return value.GetString()!;
    }

    private void RefuseProperty(JsonElement element, string path, string property, string chinese, string english)
    {
        if (element.TryGetProperty(property, out _))
        {
            throw Problem($"{path}.{property}", chinese, english);
        }
    }

    private OrganisationFileException Problem(string path, string chinese, string english) => Problem(path, $"{chinese} / {english}");

    private OrganisationFileException Problem(string path, string message) => new($"{_source}: {path}: {message}");

    private static string LevelName(UnitLevel level) => OrganisationRules.LevelName(level);

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "对象",
        JsonValueKind.Array => "数组",
        JsonValueKind.String => "字符串",
        JsonValueKind.Number => $"数字 {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"布尔值 {element.GetRawText()}",
        _ => "null",
    };

    private static string PropertyPath(string path, string name) =>
        PlainName().IsMatch(name) ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainName();

    /// <summary>JsonException counts bytes of UTF-8 within the line; people count characters.</summary>
    private static int CharacterColumn(string json, int lineIndex, int bytePosition)
    {
        var lines = json.Split('\n');
        if (lineIndex >= lines.Length)
        {
            return bytePosition;
        }

        var bytes = Encoding.UTF8.GetBytes(lines[lineIndex]);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(bytePosition, bytes.Length));
    }

    private static string WithoutPosition(string message)
    {
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return position < 0 ? message : message[..position];
    }
}

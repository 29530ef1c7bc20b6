using Grains.Interfaces;
using Grains.Queries;
using Microsoft.OpenApi;

namespace Dashboard.Web.Apis.Validation;

/// <summary>
/// The query of a case list: <c>?unit=&amp;state=&amp;overdue=&amp;dueSoon=&amp;category=&amp;q=&amp;order=&amp;page=&amp;pageSize=</c>.
/// </summary>
public sealed record CaseListQuery(string Unit, CaseFilter Filter, CaseOrder Order, int Page, int PageSize)
{
    /// <summary>The longest text searched for in ids and titles.</summary>
    public const int TextLength = 100;

    /// <summary>The query's parameters, for the OpenAPI document: read by hand (<see cref="Parse"/>) so that each error is a field error.</summary>
    public static IList<IOpenApiParameter> Parameters() =>
    [
        Query("unit", JsonSchemaType.String, "单位编号（任一级）；默认为调用者的单位（管理员为根单位） / the unit, of any level; default the caller's (the root for an administrator)"),
        Query("state", JsonSchemaType.String, "状态，多个以逗号分隔（任一即可） / the state, or several separated by commas (any of them): " + ApiJson.NamesOf<CaseState>()),
        Query("overdue", JsonSchemaType.Boolean, "只要超期（true）或未超期（false）的事件 / only overdue (true) or not overdue (false) cases"),
        Query("dueSoon", JsonSchemaType.Boolean, "只要临期（超期预警，true）或不临期（false）的事件 / only cases due soon (true) or not (false)"),
        Query("category", JsonSchemaType.String, $"事件类别（完全一致，至多 {FieldErrors.CategoryLength} 字） / the category, exactly"),
        Query("q", JsonSchemaType.String, $"在编号和标题中查找的文字（不区分大小写，至多 {TextLength} 字） / text found in the id or the title, ignoring case"),
        Query("order", JsonSchemaType.String, "排序：newest 最新在前（默认），urgency 最紧急在前（超期最久的、再到期最近的，然后待核查、已结案） / newest first (default), or urgency: the most overdue first, then due soonest, then resolved, then closed"),
        Query("page", JsonSchemaType.Integer, "页码，从 1 起 / the page, from 1"),
        Query("pageSize", JsonSchemaType.Integer, $"每页条数，1 到 {CasesApi.MaxPageSize}，默认 {CasesApi.DefaultPageSize} / cases a page"),
    ];

    /// <summary>Reads the query; absent values take their defaults (the root unit, every case, newest first, page 1 of 20).</summary>
    public static Validated<CaseListQuery> Parse(IQueryCollection query, string rootUnitId)
    {
        var errors = new FieldErrors();
        var unit = query.TryGetValue("unit", out var unitValue) ? unitValue.ToString() : rootUnitId;
        var filter = new CaseFilter(
            ParseStates(errors, query),
            ParseFlag(errors, query, "overdue", "是否超期"),
            ParseFlag(errors, query, "dueSoon", "是否临期"),
            ParseText(errors, query, "category", "类别", FieldErrors.CategoryLength),
            ParseText(errors, query, "q", "查找的文字", TextLength));
        var order = query.TryGetValue("order", out var orderValue) ? errors.Choice<CaseOrder>("order", "排序", orderValue.ToString()) : CaseOrder.Newest;
        var page = ParseNumber(errors, query, "page", "页码", 1, int.MaxValue, 1);
        var pageSize = ParseNumber(errors, query, "pageSize", "每页条数", 1, CasesApi.MaxPageSize, CasesApi.DefaultPageSize);
        return Validated<CaseListQuery>.From(errors, () => new CaseListQuery(unit, filter, order, page, pageSize));
    }

    // A repeated parameter reads as its values joined by commas, so state=a&state=b means the same as state=a,b.
    private static HashSet<CaseState>? ParseStates(FieldErrors errors, IQueryCollection query) =>
        query.TryGetValue("state", out var value)
            ? [.. value.ToString().Split(',').Select(name => errors.Choice<CaseState>("state", "状态", name))]
            : null;

    private static bool? ParseFlag(FieldErrors errors, IQueryCollection query, string field, string label)
    {
        if (!query.TryGetValue(field, out var value))
        {
            return null;
        }

        if (bool.TryParse(value.ToString(), out var flag))
        {
            return flag;
        }

        errors.Add(field, $"{label}必须是 true 或 false");
        return null;
    }

    private static string? ParseText(FieldErrors errors, IQueryCollection query, string field, string label, int maxLength)
    {
        if (!query.TryGetValue(field, out var value))
        {
            return null;
        }

        var text = value.ToString().Trim();
        if (text.Length == 0)
        {
            errors.Add(field, $"{label}不能为空");
        }
        else if (text.Length > maxLength)
        {
            errors.Add(field, $"{label}不能超过 {maxLength} 个字符");
        }

        return text;
    }

    private static int ParseNumber(FieldErrors errors, IQueryCollection query, string field, string label, int min, int max, int fallback)
    {
        if (!query.TryGetValue(field, out var value))
        {
            return fallback;
        }

        if (int.TryParse(value.ToString(), out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors.Add(field, max == int.MaxValue ? $"{label}必须是不小于 {min} 的整数" : $"{label}必须是 {min} 到 {max} 之间的整数");
        return fallback;
    }

    private static OpenApiParameter Query(string name, JsonSchemaType type, string description) =>
        new() { Name = name, In = ParameterLocation.Query, Description = description, Schema = new OpenApiSchema { Type = type } };
}

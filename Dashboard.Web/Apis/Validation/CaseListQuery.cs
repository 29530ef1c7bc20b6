using Grains.Interfaces;
using Microsoft.OpenApi;

namespace Dashboard.Web.Apis.Validation;

/// <summary>The query of a case list: <c>?unit=&amp;state=&amp;overdue=&amp;page=&amp;pageSize=</c>.</summary>
public sealed record CaseListQuery(string Unit, CaseState? State, bool? Overdue, int Page, int PageSize)
{
    /// <summary>The query's parameters, for the OpenAPI document: read by hand (<see cref="Parse"/>) so that each error is a field error.</summary>
    public static IList<IOpenApiParameter> Parameters() =>
    [
        Query("unit", JsonSchemaType.String, "单位编号；默认为调用者的单位（管理员为根单位） / the unit; default the caller's (the root for an administrator)"),
        Query("state", JsonSchemaType.String, "状态 / the state: " + ApiJson.NamesOf<CaseState>()),
        Query("overdue", JsonSchemaType.Boolean, "只要超期（true）或未超期（false）的事件 / only overdue (true) or not overdue (false) cases"),
        Query("page", JsonSchemaType.Integer, "页码，从 1 起 / the page, from 1"),
        Query("pageSize", JsonSchemaType.Integer, $"每页条数，1 到 {CasesApi.MaxPageSize}，默认 {CasesApi.DefaultPageSize} / cases a page"),
    ];

    /// <summary>Reads the query; absent values take their defaults (the root unit, any state, page 1 of 20).</summary>
    public static Validated<CaseListQuery> Parse(IQueryCollection query, string rootUnitId)
    {
        var errors = new FieldErrors();
        var unit = query.TryGetValue("unit", out var unitValue) ? unitValue.ToString() : rootUnitId;
        var state = query.TryGetValue("state", out var stateValue) ? errors.Choice<CaseState>("state", "状态", stateValue.ToString()) : (CaseState?)null;
        var overdue = ParseOverdue(errors, query);
        var page = ParseNumber(errors, query, "page", "页码", 1, int.MaxValue, 1);
        var pageSize = ParseNumber(errors, query, "pageSize", "每页条数", 1, CasesApi.MaxPageSize, CasesApi.DefaultPageSize);
        return Validated<CaseListQuery>.From(errors, () => new CaseListQuery(unit, state, overdue, page, pageSize));
    }

    private static bool? ParseOverdue(FieldErrors errors, IQueryCollection query)
    {
        if (!query.TryGetValue("overdue", out var value))
        {
            return null;
        }

        if (bool.TryParse(value.ToString(), out var overdue))
        {
            return overdue;
        }

        errors.Add("overdue", "是否超期必须是 true 或 false");
        return null;
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

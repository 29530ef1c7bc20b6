using System.Globalization;
using Grains.Reporting;
using Microsoft.OpenApi;

namespace Dashboard.Web.Apis.Validation;

/// <summary>What a bulletin is downloaded as: JSON (the page), CSV or an Excel workbook.</summary>
public enum BulletinFormat
{
    /// <summary>The bulletin as JSON.</summary>
    Json,

    /// <summary>RFC 4180 CSV with a UTF-8 byte order mark.</summary>
    Csv,

    /// <summary>An Excel workbook (xlsx).</summary>
    Xlsx,
}

/// <summary>The query of an evaluation (<c>?month=YYYY-MM</c>) or a bulletin (<c>?period=&amp;date=&amp;format=&amp;lang=</c>).</summary>
public sealed record BulletinQuery(BulletinPeriod Period, DateOnly Date, BulletinFormat Format, bool English)
{
    /// <summary>The evaluation's parameter, for the OpenAPI document.</summary>
    public static IList<IOpenApiParameter> MonthParameters() =>
    [
        Query("month", "月份 YYYY-MM，默认本月 / the month, YYYY-MM; default this month"),
    ];

    /// <summary>The bulletin's parameters, for the OpenAPI document.</summary>
    public static IList<IOpenApiParameter> ReportParameters() =>
    [
        Query("period", "day（日通报）、week（周分析，ISO 周，周一为首）或 month（月总结），默认 month / the period, default month"),
        Query("date", "期间内的一天 YYYY-MM-DD，默认今天 / a day of the period, YYYY-MM-DD; default today"),
        Query("format", "json（默认）、csv（UTF-8 带 BOM）或 xlsx / the format, default json"),
        Query("lang", "下载文件的语言：zh（默认）或 en / the language of a download, default zh"),
    ];

    /// <summary>Reads <c>?month=</c>; absent means the month of <paramref name="today"/>.</summary>
    public static Validated<BulletinQuery> ParseMonth(IQueryCollection query, DateOnly today)
    {
        var errors = new FieldErrors();
        var month = today;
        if (query.TryGetValue("month", out var value)
            && !DateOnly.TryParseExact(value.ToString(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out month))
        {
            errors.Add("month", "月份必须是 YYYY-MM 格式的月份，例如 2026-11");
        }

        return Validated<BulletinQuery>.From(errors, () => new BulletinQuery(BulletinPeriod.Month, month, BulletinFormat.Json, English: false));
    }

    /// <summary>Reads a bulletin's query; absent values take their defaults (this month, today, JSON, Chinese).</summary>
    public static Validated<BulletinQuery> ParseReport(IQueryCollection query, DateOnly today)
    {
        var errors = new FieldErrors();
        var period = query.TryGetValue("period", out var periodValue) ? errors.Choice<BulletinPeriod>("period", "期间", periodValue.ToString()) : BulletinPeriod.Month;
        var date = today;
        if (query.TryGetValue("date", out var dateValue)
            && !DateOnly.TryParseExact(dateValue.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            errors.Add("date", "日期必须是 YYYY-MM-DD 格式的日期，例如 2026-11-05");
        }

        var format = query.TryGetValue("format", out var formatValue) ? errors.Choice<BulletinFormat>("format", "格式", formatValue.ToString()) : BulletinFormat.Json;
        var english = false;
        if (query.TryGetValue("lang", out var lang))
        {
            english = lang.ToString() == "en";
            if (!english && lang.ToString() != "zh")
            {
                errors.Add("lang", "语言必须是 zh 或 en");
            }
        }

        return Validated<BulletinQuery>.From(errors, () => new BulletinQuery(period, date, format, english));
    }

    private static OpenApiParameter Query(string name, string description) =>
        new() { Name = name, In = ParameterLocation.Query, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}

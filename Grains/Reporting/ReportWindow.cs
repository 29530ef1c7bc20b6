using System.Globalization;

namespace Grains.Reporting;

/// <summary>The periods of the bulletins (issue 12, section 3): 日通报, 周分析 (ISO week, Monday first), 月总结.</summary>
public enum BulletinPeriod
{
    /// <summary>日通报: one local day.</summary>
    Day,

    /// <summary>周分析: an ISO week, Monday to Sunday.</summary>
    Week,

    /// <summary>月总结: a calendar month.</summary>
    Month,
}

/// <summary>The local days <paramref name="First"/> to <paramref name="Last"/> (inclusive) of one period.</summary>
public sealed record ReportWindow(BulletinPeriod Period, DateOnly First, DateOnly Last)
{
    /// <summary>The period of <paramref name="period"/> that holds <paramref name="date"/>.</summary>
    public static ReportWindow Of(BulletinPeriod period, DateOnly date) => period switch
    {
        BulletinPeriod.Day => new(period, date, date),
        BulletinPeriod.Week => new(period, date.AddDays(-(((int)date.DayOfWeek + 6) % 7)), date.AddDays(6 - (((int)date.DayOfWeek + 6) % 7))),
        _ => new(period, new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1)),
    };

    /// <summary>The period before this one (环比).</summary>
    public ReportWindow Previous => Of(Period, First.AddDays(-1));

    /// <summary>How the period is named in titles and file names: <c>2026-11-05</c>, <c>2026-W45</c>, <c>2026-11</c>.</summary>
    public string Label => Period switch
    {
        BulletinPeriod.Day => First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        BulletinPeriod.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(First.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(First.ToDateTime(TimeOnly.MinValue)):00}"),
        _ => First.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };

    /// <summary>Whether <paramref name="date"/> lies in the period.</summary>
    public bool Contains(DateOnly date) => date >= First && date <= Last;
}

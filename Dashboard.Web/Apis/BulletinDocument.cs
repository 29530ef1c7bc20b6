using System.Globalization;
using System.Text;
using Grains.Interfaces;
using Grains.Reporting;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Dashboard.Web.Apis;

/// <summary>One table of a downloaded bulletin: a sheet of the workbook, a block of the CSV.</summary>
public sealed record BulletinSheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>
/// A bulletin as tables, the one shape both downloads take: 通报 (what, when, how complete), 概况 (totals and 环比),
/// 下级单位 (the children ranked), 事件类别 and 督办清单; in Chinese, or in English. <see cref="ToCsv"/> writes RFC 4180
/// with a UTF-8 byte order mark (so Excel opens Chinese text), <see cref="ToXlsx"/> a workbook through MiniExcel.
/// </summary>
public sealed class BulletinDocument
{
    private BulletinDocument(string fileStem, IReadOnlyList<BulletinSheet> sheets)
    {
        FileStem = fileStem;
        Sheets = sheets;
    }

    /// <summary>The file name without extension: <c>黄岛街道-月总结-2026-11</c>.</summary>
    public string FileStem { get; }

    /// <summary>The tables, in order.</summary>
    public IReadOnlyList<BulletinSheet> Sheets { get; }

    /// <summary>The tables of <paramref name="bulletin"/>; times in <paramref name="zone"/>.</summary>
    public static BulletinDocument Of(UnitBulletin bulletin, TimeZoneInfo zone, bool english)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        ArgumentNullException.ThrowIfNull(zone);
        var t = new Labels(english);
        var title = t.Period(bulletin.Period);
        return new BulletinDocument(
            $"{bulletin.Name}-{title}-{bulletin.Label}",
            [
                new(t["通报", "Bulletin"], [t["项目", "Item"], t["内容", "Value"]],
                [
                    [t["单位", "Unit"], bulletin.Name],
                    [t["期间", "Period"], $"{title} {bulletin.Label}"],
                    [t["起止日期", "Days"], $"{Day(bulletin.First)} – {Day(bulletin.Last)}"],
                    [t["上期（环比）", "Previous period"], $"{Day(bulletin.PreviousFirst)} – {Day(bulletin.PreviousLast)}"],
                    [t["数据截至", "Complete up to"], bulletin.AsOf is { } asOf ? Time(asOf, zone) : "—"],
                    [t["数据状态", "Coverage"], t.Coverage(bulletin.Coverage)],
                    [t["日志起始日", "Data from"], bulletin.DataFrom is { } from ? Day(from) : "—"],
                ]),
                new(t["概况", "Totals"], [t["指标", "Figure"], t["本期", "This period"], t["上期", "Previous"], t["环比变化", "Change"], t["环比（%）", "Change (%)"]],
                    [.. bulletin.Totals.Select(total => (IReadOnlyList<object?>)[t.Total(total.Key), total.Current, total.Previous, total.Change, total.ChangePercent])]),
                new(t["下级单位", "Units"], ChildHeader(t), [.. bulletin.Children.Select(child => ChildRow(child, t))]),
                new(t["事件类别", "Categories"], [t["类别", "Category"], t["事件数", "Cases"]],
                    [.. bulletin.Categories.Select(category => (IReadOnlyList<object?>)[category.Category, category.Count])]),
                new(t["督办清单", "Overdue"], [t["事件编号", "Case"], t["类别", "Category"], t["社区", "Community"], t["网格", "Grid"], t["处置期限", "Deadline"], t["超期时长", "Overdue by"]],
                    [.. bulletin.Overdue.Select(item => (IReadOnlyList<object?>)[item.Id, item.Category, item.CommunityName, item.GridName, Time(item.Deadline, zone), t.Duration(item.OverdueMinutes)])]),
            ]);
    }

    /// <summary>RFC 4180: CRLF line ends, a field with a comma, quote or line break quoted and its quotes doubled; a blank line and the table's name before each table; UTF-8 with a byte order mark.</summary>
    public byte[] ToCsv()
    {
        var text = new StringBuilder();
        foreach (var sheet in Sheets)
        {
            if (text.Length > 0)
            {
                text.Append("\r\n");
            }

            CsvText.AppendLine(text, [sheet.Name]);
            CsvText.AppendLine(text, [.. sheet.Header]);
            foreach (var row in sheet.Rows)
            {
                CsvText.AppendLine(text, row);
            }
        }

        return CsvText.ToBytes(text);
    }

    /// <summary>A workbook with one sheet per table, its first row the header.</summary>
    public byte[] ToXlsx() => Workbook(Sheets);

    /// <summary>A workbook of <paramref name="tables"/>, one sheet per table, its first row the header.</summary>
    public static byte[] Workbook(IEnumerable<BulletinSheet> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var sheets = new Dictionary<string, object>();
        foreach (var sheet in tables)
        {
            sheets[sheet.Name] = sheet.Rows.Select(row =>
            {
                var cells = new Dictionary<string, object?>();
                for (var i = 0; i < sheet.Header.Count; i++)
                {
                    cells[sheet.Header[i]] = row[i];
                }

                return cells;
            }).ToList();
        }

        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets);
        return stream.ToArray();
    }

    /// <summary>The text of a cell: numbers in the invariant culture, nothing for null.</summary>
    public static string CellText(object? value) => value switch
    {
        null => "",
        double number => number.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static List<string> ChildHeader(Labels t) =>
    [
        t["排名", "Rank"], t["上期排名", "Previous rank"], t["名次变化", "Move"], t["单位", "Unit"],
        t["应结案数", "Due"], t["结案数", "Closed"], t["按期结案数", "Closed on time"], t["返工数", "Reworked"], t["延期数", "Extended"], t["督办数", "Urges"],
        t["结案率（%）", "Closure rate (%)"], t["按期结案率（%）", "On-time rate (%)"], t["返工率（%）", "Rework rate (%)"], t["延期率（%）", "Extension rate (%)"], t["综合指标值", "Score"],
        t["走访", "Visits"], t["入户", "Households"], t["培训", "Trainings"], t["培训人次", "Training participants"], t["活动", "Events"], t["活动人次", "Event participants"],
        t["上报事件", "Cases reported"], t["网格员", "Workers"], t["有上报的网格员", "Active workers"], t["人均走访", "Visits per worker"],
    ];

    private static List<object?> ChildRow(RankedUnit child, Labels t) =>
    [
        child.Rank, child.PreviousRank, t.Move(child), child.Name,
        child.Cases.Due, child.Cases.Closed, child.Cases.ClosedOnTime, child.Cases.Reworked, child.Cases.Extended, child.Cases.Urges,
        Percent(child.Cases.ClosureRate), Percent(child.Cases.OnTimeRate), Percent(child.Cases.ReworkRate), Percent(child.Cases.ExtensionRate), child.Cases.Score,
        child.Activities.Visits, child.Activities.Households, child.Activities.Trainings, child.Activities.TrainingParticipants, child.Activities.Events,
        child.Activities.EventParticipants, child.Activities.CasesReported, child.Activities.Workers, child.Activities.ActiveWorkers, child.Activities.PerWorker?.Visits,
    ];

    private static double? Percent(double? rate) => rate is { } r ? Math.Round(r * 100, 1, MidpointRounding.AwayFromZero) : null;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The words of a download in one language.</summary>
    private sealed class Labels(bool english)
    {
        public string this[string chinese, string inEnglish] => english ? inEnglish : chinese;

        public string Period(BulletinPeriod period) => period switch
        {
            BulletinPeriod.Day => this["日通报", "daily-bulletin"],
            BulletinPeriod.Week => this["周分析", "weekly-analysis"],
            _ => this["月总结", "monthly-summary"],
        };

        public string Coverage(DataCoverage coverage) => coverage switch
        {
            DataCoverage.Complete => this["完整", "complete"],
            DataCoverage.Live => this["进行中（实时）", "under way (live)"],
            DataCoverage.Pending => this["统计追赶中", "catching up"],
            DataCoverage.Future => this["尚未开始，无数据", "not begun: no data"],
            _ => this["早于数据起始日，无数据", "before the data begins: no data"],
        };

        public string Total(string key) => key switch
        {
            "visits" => this["走访", "Visits"],
            "households" => this["入户", "Households"],
            "trainings" => this["培训", "Trainings"],
            "trainingParticipants" => this["培训人次", "Training participants"],
            "events" => this["活动", "Events"],
            "eventParticipants" => this["活动人次", "Event participants"],
            "casesReported" => this["上报事件", "Cases reported"],
            "due" => this["应结案数", "Due"],
            "closed" => this["结案数", "Closed"],
            "closedOnTime" => this["按期结案数", "Closed on time"],
            "urges" => this["督办数", "Urges"],
            "score" => this["综合指标值", "Score"],
            _ => key,
        };

        public string Move(RankedUnit child) => child switch
        {
            { IsNew: true } => this["新", "new"],
            { RankChange: > 0 and var up } => string.Create(CultureInfo.InvariantCulture, $"↑{up}"),
            { RankChange: < 0 and var down } => string.Create(CultureInfo.InvariantCulture, $"↓{-down}"),
            { RankChange: 0 } => "—",
            _ => "",
        };

        public string Duration(long minutes)
        {
            var (days, hours, rest) = (minutes / (24 * 60), minutes % (24 * 60) / 60, minutes % 60);
            return (english, days > 0) switch
            {
                (true, true) => string.Create(CultureInfo.InvariantCulture, $"{days} d {hours} h"),
                (true, false) => string.Create(CultureInfo.InvariantCulture, $"{hours} h {rest} min"),
                (false, true) => string.Create(CultureInfo.InvariantCulture, $"{days}天{hours}小时"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{hours}小时{rest}分"),
            };
        }
    }
}

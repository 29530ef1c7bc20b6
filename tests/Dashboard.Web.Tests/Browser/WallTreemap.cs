using System.Globalization;
using System.Text.Json;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Web.Tests.Browser;

/// <summary>
/// The wall's treemap (一张图, issue 13 section 5) as the browser tests read it: its rectangles from the chart on
/// <c>#chart-treemap</c>, its legend from <c>#map-legend</c>, and the figures they stand for from the HTTP API.
/// </summary>
public static class WallTreemap
{
    /// <summary>
    /// The rectangles drawn: each child's id, its laid-out area (px²), the value that colours it, its fill, the label drawn
    /// (empty when hidden) and its centre on the page.
    /// </summary>
    public static async Task<IReadOnlyList<Rectangle>> RectanglesAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            """
            () => {
              const chart = Chart.getChart('chart-treemap');
              const box = chart.canvas.getBoundingClientRect();
              const data = chart.data.datasets[0].data ?? [];
              return chart.getDatasetMeta(0).data.map((element, index) => {
                const point = data[index];
                const record = point._data;
                return {
                  unitId: record.unitId, area: point.w * point.h, value: record.value, fill: record.fill, label: record.label ?? '',
                  x: box.left + element.x + element.width / 2, y: box.top + element.y + element.height / 2,
                };
              });
            }
            """);
        return [.. json.EnumerateArray().Select(item => new Rectangle(
            item.GetProperty("unitId").GetString()!,
            item.GetProperty("area").GetDouble(),
            item.GetProperty("value").ValueKind == JsonValueKind.Number ? item.GetProperty("value").GetDouble() : null,
            item.GetProperty("fill").GetString()!,
            item.GetProperty("label").GetString()!,
            item.GetProperty("x").GetSingle(),
            item.GetProperty("y").GetSingle()))];
    }

    /// <summary>The unit the wall has drawn and the children its treemap has rectangles for, read together.</summary>
    public static async Task<(string UnitId, IReadOnlyList<string> Children)> ShownAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            """
            () => ({
              unitId: document.body.dataset.unitId ?? '',
              children: (Chart.getChart('chart-treemap').data.datasets[0].data ?? []).map(point => point._data.unitId),
            })
            """);
        return (json.GetProperty("unitId").GetString()!, [.. json.GetProperty("children").EnumerateArray().Select(child => child.GetString()!)]);
    }

    /// <summary>The legend's visible steps: each fill and the values it holds.</summary>
    public static async Task<IReadOnlyList<LegendStep>> LegendAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            """
            () => [...document.querySelectorAll('#map-legend li:not([hidden])')].map(item => ({
              fill: item.dataset.fill, from: item.dataset.from, to: item.dataset.to, text: item.textContent,
            }))
            """);
        return [.. json.EnumerateArray().Select(item => new LegendStep(
            item.GetProperty("fill").GetString()!,
            Bound(item.GetProperty("from").GetString()),
            Bound(item.GetProperty("to").GetString()),
            item.GetProperty("from").GetString() == "none",
            item.GetProperty("text").GetString()!))];
    }

    /// <summary>The grids under each child of <paramref name="unitId"/>, counted in <c>GET /api/units</c>'s tree.</summary>
    public static async Task<Dictionary<string, double>> GridsPerChildAsync(HttpClient client, string unitId)
    {
        var units = (await client.GetJsonAsync("/api/units")).EnumerateArray()
            .ToDictionary(unit => unit.GetProperty("id").GetString()!, unit => (Parent: unit.GetProperty("parentId").GetString(), Level: unit.GetProperty("level").GetString()));
        var counts = units.Where(unit => unit.Value.Parent == unitId).ToDictionary(unit => unit.Key, _ => 0.0);
        foreach (var grid in units.Where(unit => unit.Value.Level == "grid"))
        {
            for (var at = grid.Key; at is not null; at = units[at].Parent)
            {
                if (counts.TryGetValue(at, out var count))
                {
                    counts[at] = count + 1;
                }
            }
        }

        return counts;
    }

    /// <summary>The workers under each child of <paramref name="unitId"/>, from <c>GET /api/units/{child}/workers</c>.</summary>
    public static async Task<Dictionary<string, double>> WorkersPerChildAsync(HttpClient client, string unitId)
    {
        var counts = new Dictionary<string, double>();
        foreach (var child in (await client.GetJsonAsync($"/api/units/{unitId}")).GetProperty("children").EnumerateArray())
        {
            var id = child.GetProperty("id").GetString()!;
            counts[id] = (await client.GetJsonAsync($"/api/units/{id}/workers")).GetArrayLength();
        }

        return counts;
    }

    /// <summary>The value each child of <paramref name="unitId"/> is coloured by, as its snapshot has it (null: none).</summary>
    public static async Task<Dictionary<string, double?>> IndicatorPerChildAsync(HttpClient client, string unitId, string indicator)
    {
        var snapshot = await client.GetJsonAsync($"/api/units/{unitId}/metrics");
        return snapshot.GetProperty("children").EnumerateArray().ToDictionary(
            child => child.GetProperty("unitId").GetString()!,
            child =>
            {
                var value = indicator switch
                {
                    "closure" => child.GetProperty("cases").GetProperty("closureRate"),
                    "visits" => child.GetProperty("today").GetProperty("visits"),
                    _ => child.GetProperty("cases").GetProperty("overdue"),
                };
                return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : (double?)null;
            });
    }

    private static double? Bound(string? value) =>
        string.IsNullOrEmpty(value) || value == "none" ? null : double.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>A child's rectangle.</summary>
    public sealed record Rectangle(string UnitId, double Area, double? Value, string Fill, string Label, float X, float Y);

    /// <summary>A step of the legend: the values from <paramref name="From"/> (inclusive) to <paramref name="To"/> (exclusive), or none.</summary>
    public sealed record LegendStep(string Fill, double? From, double? To, bool None, string Text)
    {
        public bool Holds(double? value) =>
            value is { } v ? !None && (From is null || v >= From) && (To is null || v < To) : None;
    }
}

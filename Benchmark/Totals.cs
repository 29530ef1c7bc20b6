using System.Net;
using System.Text.Json;

namespace Benchmark;

/// <summary>The counted activities of a unit's <c>total</c> window, the figures the benchmark checks.</summary>
internal readonly record struct Totals(long Visits, long Trainings, long Events)
{
    /// <summary>Visits, trainings and events together.</summary>
    public long Reports => Visits + Trainings + Events;

    /// <summary>The totals plus one report of <paramref name="kind"/>.</summary>
    public Totals Add(ReportKind kind) => kind switch
    {
        ReportKind.Visit => this with { Visits = Visits + 1 },
        ReportKind.Training => this with { Trainings = Trainings + 1 },
        _ => this with { Events = Events + 1 },
    };

    /// <summary>Reads <c>GET /api/units/{id}/metrics</c>; null unless it answers 200.</summary>
    public static async Task<Totals?> ReadAsync(HttpClient client, string unitId)
    {
        using var response = await client.GetAsync(new Uri($"api/units/{unitId}/metrics", UriKind.Relative));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        using var metrics = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var total = metrics.RootElement.GetProperty("total");
        return new Totals(total.GetProperty("visits").GetInt64(), total.GetProperty("trainings").GetInt64(), total.GetProperty("events").GetInt64());
    }

    public override string ToString() => $"visits {Visits}, trainings {Trainings}, events {Events}";
}

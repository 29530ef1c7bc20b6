using System.Globalization;
using System.IO.Compression;
using Dashboard.Web.Accounts;
using Dashboard.Web.Replay;
using Grains.Organisation;
using Grains.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>
/// The replay of a past day of a unit (issue 13, section 4), for the wall's replay mode: read from the log alone, within
/// the caller's scope exactly as the unit's live metrics are (403 outside it, 404 for an unknown unit).
/// </summary>
public static class ReplayApi
{
    // Far from the edges of DateTimeOffset, whose local midnight at +08:00 is not representable on 0001-01-01.
    private static readonly DateOnly EarliestDate = new(2000, 1, 1);

    /// <summary>How long a caller waits before asking again when another replay is being built.</summary>
    public static readonly TimeSpan Busy = TimeSpan.FromSeconds(5);

    /// <summary>Maps <c>/api/units/{id}/replay</c>.</summary>
    public static IEndpointRouteBuilder MapReplayApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/units/{id}").WithTags("Replay").ProducesCallerProblems()
            .MapGet("/replay", GetReplay)
            .Produces<ReplayAnswer>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// The day <c>?date=YYYY-MM-DD</c> (today plays up to now, a future day is refused) as <see cref="ReplayAnswer"/>,
    /// gzipped when the caller accepts it.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> GetReplay(
        string id, HttpContext context, AccessScope scope, OrganisationTree organisation, LocalClock clock, ReplayArchive archive, CancellationToken cancellationToken)
    {
        if (!scope.CanRead(id))
        {
            return Forbidden.Unit(id);
        }

        if (organisation.FindUnit(id) is null)
        {
            return UnitsApi.UnknownUnit(id);
        }

        var text = context.Request.Query["date"].ToString();
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return WriteAnswers.Invalid("date", "日期必须是 YYYY-MM-DD 格式的一天，例如 2026-11-03");
        }

        if (date < EarliestDate)
        {
            return WriteAnswers.Invalid("date", $"不能回放 {EarliestDate:yyyy-MM-dd} 之前的日期");
        }

        if (date > clock.Today)
        {
            return WriteAnswers.Invalid("date", $"不能回放未来的日期：今天是 {clock.Today:yyyy-MM-dd}");
        }

        byte[]? gzipped;
        try
        {
            gzipped = await archive.GetAsync(id, date, cancellationToken);
        }
        catch (TimeoutException)
        {
            context.Response.Headers.RetryAfter = ((int)Busy.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Problems.Result(StatusCodes.Status503ServiceUnavailable, "另一个回放正在生成，请稍后再试。");
        }

        if (gzipped is null)
        {
            return UnitsApi.UnknownUnit(id);
        }

        context.Response.Headers.Vary = "Accept-Encoding";
        if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return TypedResults.File(gzipped, "application/json");
        }

        return TypedResults.File(Gunzip(gzipped), "application/json");
    }

    private static byte[] Gunzip(byte[] gzipped)
    {
        using var input = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}

using Dashboard.Web.Accounts;
using Dashboard.Web.Apis.Validation;
using Grains.Reporting;
using Grains.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>
/// The monthly evaluation (月度考评) and the bulletins (日通报, 周分析, 月总结) of a unit (issue 12, section 3), read from
/// the projection of the log: any period since the log began. They speak of cases, so they follow the rule of cases: an
/// administrator, a leader in their subtree, a worker for their grid; never a display.
/// </summary>
public static class BulletinsApi
{
    /// <summary>The content type of a workbook.</summary>
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Maps <c>/api/units/{id}/evaluation</c> and <c>/api/units/{id}/report</c>.</summary>
    public static IEndpointRouteBuilder MapBulletinsApi(this IEndpointRouteBuilder app)
    {
        var unit = app.MapGroup("/api/units/{id}").WithTags("Bulletins").ProducesCallerProblems()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        unit.MapGet("/evaluation", GetEvaluation).ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, _, _) => AddQuery(operation, BulletinQuery.MonthParameters()));
        unit.MapGet("/report", GetReport).ProducesValidationProblem()
            .Produces<UnitBulletin>(StatusCodes.Status200OK, "application/json", "text/csv", XlsxContentType)
            .AddOpenApiOperationTransformer((operation, _, _) => AddQuery(operation, BulletinQuery.ReportParameters()));
        return app;
    }

    /// <summary>Adds the query's parameters, read by hand so that each error is a field error, beside the unit's id.</summary>
    private static Task AddQuery(Microsoft.OpenApi.OpenApiOperation operation, IList<Microsoft.OpenApi.IOpenApiParameter> query)
    {
        operation.Parameters ??= [];
        foreach (var parameter in query)
        {
            operation.Parameters.Add(parameter);
        }

        return Task.CompletedTask;
    }

    /// <summary>The unit's children ranked by score for a month (default this month), with last month's ranks.</summary>
    public static async Task<Results<Ok<UnitEvaluation>, ProblemHttpResult, ValidationProblem>> GetEvaluation(
        string id, HttpRequest request, AccessScope scope, ReportQueries reports, LocalClock clock, CancellationToken cancellationToken)
    {
        if (!scope.CanSeePeople(id))
        {
            return Refused(id);
        }

        var query = BulletinQuery.ParseMonth(request.Query, clock.Today);
        if (!query.IsValid)
        {
            return WriteAnswers.Invalid(query.Errors);
        }

        return await reports.EvaluateAsync(id, query.Value.Date, cancellationToken) is { } evaluation
            ? TypedResults.Ok(evaluation)
            : UnitsApi.UnknownUnit(id);
    }

    /// <summary>The bulletin of a day, an ISO week or a month (default this month), as JSON, CSV or a workbook.</summary>
    public static async Task<Results<Ok<UnitBulletin>, FileContentHttpResult, ProblemHttpResult, ValidationProblem>> GetReport(
        string id, HttpRequest request, AccessScope scope, ReportQueries reports, LocalClock clock, CancellationToken cancellationToken)
    {
        if (!scope.CanSeePeople(id))
        {
            return Refused(id);
        }

        var query = BulletinQuery.ParseReport(request.Query, clock.Today);
        if (!query.IsValid)
        {
            return WriteAnswers.Invalid(query.Errors);
        }

        var (period, date, format, english) = query.Value;
        if (await reports.BulletinAsync(id, period, date, cancellationToken) is not { } bulletin)
        {
            return UnitsApi.UnknownUnit(id);
        }

        if (format == BulletinFormat.Json)
        {
            return TypedResults.Ok(bulletin);
        }

        var document = BulletinDocument.Of(bulletin, clock.Zone, english);
        return format == BulletinFormat.Csv
            ? TypedResults.File(document.ToCsv(), "text/csv; charset=utf-8", document.FileStem + ".csv")
            : TypedResults.File(document.ToXlsx(), XlsxContentType, document.FileStem + ".xlsx");
    }

    private static ProblemHttpResult Refused(string unitId) => Forbidden.Problem($"无权查看单位 {unitId} 的考评和通报：它不在你的管辖范围内（大屏不显示事件）。");
}

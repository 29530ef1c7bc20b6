using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis.Validation;
using Dashboard.Web.Roster;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Time;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>What a dry run of a roster found: its problems, or what importing it would do.</summary>
public sealed record RosterDryRun(
    IReadOnlyList<RosterProblem> Problems,
    RosterSummary Summary,
    IReadOnlyList<string> Notices,
    IReadOnlyList<OrganisationOperation> Operations);

/// <summary>What importing a roster did: the change's id and status (<c>applied</c> or <c>duplicate</c>), the organisation's version after it, and its counts.</summary>
public sealed record RosterImport(string Id, string Status, long Version, RosterSummary Summary);

/// <summary>
/// The roster (花名册) of the organisation (issue 13, section 1), administrators only: a spreadsheet of 街道, 社区, 网格,
/// 网格员姓名, 工号 and 手机号 is checked (dry run), imported as one organisation change, or exported.
/// </summary>
public static class RosterApi
{
    /// <summary>The largest roster file: 5 MB (a district's 20,000 rows take about 1 MB).</summary>
    public const long MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>The form field of the file.</summary>
    public const string FileField = "file";

    // The multipart envelope around the file: its boundaries and part headers.
    private const long FormOverhead = 64 * 1024;

    /// <summary>Maps <c>/api/organisation/roster</c>.</summary>
    public static IEndpointRouteBuilder MapRosterApi(this IEndpointRouteBuilder app)
    {
        var roster = app.MapGroup("/api/organisation/roster").WithTags("Organisation").RequireAuthorization(AccountsExtensions.AdminPolicy)
            .ProducesCallerProblems().ProducesProblems(StatusCodes.Status403Forbidden);
        roster.MapPost("", PostRoster).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        roster.MapGet("", GetRoster).ProducesValidationProblem().ProducesProblems(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: [BulletinsApi.XlsxContentType]);
        return app;
    }

    /// <summary>
    /// Checks a roster (<c>multipart/form-data</c>, the file in <c>file</c>, .xlsx or .csv). With <c>?dryRun=true</c>:
    /// 200 with its problems by row and column, or the summary and operations of the import, changing nothing.
    /// Without: 400 listing the problems, or the import applied as one change whose id comes from the file's bytes
    /// and the organisation's version, so the same file sent twice is stored once; a roster that plans nothing
    /// answers <c>duplicate</c>. <c>?lang=en</c> for English messages.
    /// </summary>
    public static async Task<Results<Ok<RosterDryRun>, Ok<RosterImport>, ProblemHttpResult>> PostRoster(
        HttpRequest request,
        ClaimsPrincipal user,
        OrganisationTree organisation,
        OrganisationFollower follower,
        IGrainFactory grains,
        LocalClock clock,
        CancellationToken cancellationToken)
    {
        var english = request.Query["lang"] == "en";
        var upload = await ReadFileAsync(request, cancellationToken);
        if (upload.Problem is { } refused)
        {
            return refused;
        }

        RosterSheet sheet;
        try
        {
            sheet = RosterSheet.Read(upload.Bytes!);
        }
        catch (FormatException e)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, e.Message);
        }

        var version = organisation.Version;
        var plan = RosterPlan.Of(sheet, organisation, english);
        var change = new OrganisationChange(ChangeId(upload.Bytes!, version), plan.Operations, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", clock.Now);
        var problems = plan.Problems.Count == 0 && plan.Operations.Count > 0
            ? [.. organisation.Check(change).Select(problem => AtRow(plan, problem, english))]
            : plan.Problems;
        if (request.Query["dryRun"] == "true")
        {
            return TypedResults.Ok(problems.Count > 0
                ? new RosterDryRun(problems, new RosterSummary(0, 0, 0, 0, 0, 0), [], [])
                : new RosterDryRun([], plan.Summary, plan.Notices, plan.Operations));
        }

        if (problems.Count > 0)
        {
            return Refused(problems, english);
        }

        if (plan.Operations.Count == 0)
        {
            return TypedResults.Ok(new RosterImport(change.Id, WriteAnswer.DuplicateStatus, version, plan.Summary));
        }

        var id = change.Id;
        var result = await grains.GetGrain<IOrganisationGrain>(0).ApplyAsync(change);
        if (result.Status is OrganisationChangeStatus.Applied or OrganisationChangeStatus.Duplicate)
        {
            // As for a single change: this node's tree has the import before the answer (the grain may live elsewhere).
            await follower.ReachAsync(result.Version, cancellationToken);
        }

        return result.Status switch
        {
            OrganisationChangeStatus.Applied => TypedResults.Ok(new RosterImport(id, "applied", result.Version, plan.Summary)),
            OrganisationChangeStatus.Duplicate => TypedResults.Ok(new RosterImport(id, WriteAnswer.DuplicateStatus, result.Version, plan.Summary)),
            OrganisationChangeStatus.Conflict => Problems.Result(StatusCodes.Status409Conflict, $"编号 {id} 已被内容不同的另一次变更使用，未做任何修改。"),
            _ => Refused([.. result.Problems.Select(problem => AtRow(plan, problem, english))], english),
        };
    }

    /// <summary>The organisation, or the subtree of <c>?unitId=</c>, as a roster: <c>?format=xlsx</c> (default) or <c>csv</c>, <c>?lang=en</c> for English headers.</summary>
    public static Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem> GetRoster(HttpRequest request, OrganisationTree organisation)
    {
        var errors = new FieldErrors();
        var format = request.Query["format"].ToString() is { Length: > 0 } given ? given : "xlsx";
        if (format is not ("xlsx" or "csv"))
        {
            errors.Add("format", "格式必须是 xlsx 或 csv");
        }

        var lang = request.Query["lang"].ToString();
        if (lang is not ("" or "zh" or "en"))
        {
            errors.Add("lang", "语言必须是 zh 或 en");
        }

        if (errors.Any)
        {
            return WriteAnswers.Invalid(errors.ToDictionary());
        }

        var unitId = request.Query["unitId"].ToString() is { Length: > 0 } unit ? unit : organisation.Root.Id;
        if (RosterExport.Of(organisation, unitId, lang == "en") is not { } export)
        {
            return UnitsApi.UnknownUnit(unitId);
        }

        return format == "csv"
            ? TypedResults.File(export.ToCsv(), "text/csv; charset=utf-8", export.FileStem + ".csv")
            : TypedResults.File(export.ToXlsx(), BulletinsApi.XlsxContentType, export.FileStem + ".xlsx");
    }

    /// <summary>
    /// The id of the change a roster makes: the same file on the same organisation (its version) makes the same change,
    /// so a file sent twice at once is stored once, and the same file sent again after other changes is a change of its own.
    /// </summary>
    private static string ChangeId(byte[] bytes, long version) =>
        string.Create(CultureInfo.InvariantCulture, $"roster-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}-{version}");

    /// <summary>A problem of the change, placed at the row and column its operation comes from.</summary>
    private static RosterProblem AtRow(RosterPlan plan, OrganisationProblem problem, bool english)
    {
        if (problem.Operation < 0 || problem.Operation >= plan.Operations.Count)
        {
            return new(0, "", problem.Message);
        }

        var operation = plan.Operations[problem.Operation];
        var column = operation switch
        {
            { Kind: OrganisationOperationKind.AddUnit, Level: UnitLevel.Street } => RosterColumn.Street,
            { Kind: OrganisationOperationKind.AddUnit, Level: UnitLevel.Community } => RosterColumn.Community,
            { Kind: OrganisationOperationKind.AddUnit } => RosterColumn.Grid,
            _ when problem.Field.EndsWith("phone", StringComparison.Ordinal) => RosterColumn.Phone,
            _ when problem.Field.EndsWith("name", StringComparison.Ordinal) => RosterColumn.Name,
            _ when problem.Field.EndsWith("parentId", StringComparison.Ordinal) => RosterColumn.Grid,
            _ => RosterColumn.EmployeeNo,
        };
        return new(plan.OperationRows[problem.Operation], RosterColumns.HeaderOf(column, english), problem.Message);
    }

    private static ProblemHttpResult Refused(IReadOnlyList<RosterProblem> problems, bool english) =>
        Problems.Result(
            StatusCodes.Status400BadRequest,
            english ? $"The roster has {problems.Count} problem(s); nothing was changed." : $"花名册有 {problems.Count} 处问题，未做任何修改。",
            new Dictionary<string, object?> { ["problems"] = problems });

    /// <summary>The bytes of the form's file, or the answer refusing the upload.</summary>
    private static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, $"请以 multipart/form-data 上传花名册文件（字段 {FileField}）。"));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxFileBytes + FormOverhead;
        }

        if (request.ContentLength > MaxFileBytes + FormOverhead)
        {
            return (null, TooLarge());
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (InvalidDataException e)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, $"无法读取上传的表单：{e.Message}"));
        }

        if (form.Files.GetFile(FileField) is not { } file)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, $"请求中没有文件（表单字段 {FileField}）。"));
        }

        if (file.Length > MaxFileBytes)
        {
            return (null, TooLarge());
        }

        using var bytes = new MemoryStream((int)file.Length);
        await file.CopyToAsync(bytes, cancellationToken);
        return (bytes.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, $"花名册文件不能超过 {MaxFileBytes / 1024 / 1024} MB。");
}

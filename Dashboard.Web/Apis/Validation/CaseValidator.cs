using Grains.Ingestion;
using Grains.Interfaces;

namespace Dashboard.Web.Apis.Validation;

/// <summary>The rules of a new case (spec 2.3, 3).</summary>
public static class CaseValidator
{
    /// <summary>The longest title.</summary>
    public const int TitleLength = 100;

    /// <summary>The longest description.</summary>
    public const int DescriptionLength = 2000;

    /// <summary>The case as the log stores it, its deadline resolved from the category when not given; or its field errors.</summary>
    public static Validated<NewCase> Validate(CaseRequest request)
    {
        var errors = new FieldErrors();
        var id = errors.Id("id", "编号", request.Id);
        var gridId = errors.Id("gridId", "网格编号", request.GridId);
        var workerId = errors.Id("workerId", "网格员编号", request.WorkerId);
        var category = errors.RequiredText("category", "类别", request.Category, FieldErrors.CategoryLength);
        var title = errors.RequiredText("title", "标题", request.Title, TitleLength);
        var description = errors.OptionalText("description", "描述", request.Description, DescriptionLength);
        var occurredAt = errors.RequiredTime("occurredAt", "发生时间", request.OccurredAt);
        // That it lies after occurredAt is the ingestion's rule (IngestionService.SubmitCaseAsync), for every producer.
        var deadline = errors.OptionalTime("deadline", "处置期限", request.Deadline);
        return Validated<NewCase>.From(
            errors,
            () => new NewCase(
                id, gridId, workerId, category, title, description, occurredAt,
                deadline ?? CaseTimeLimits.DefaultDeadline(category, occurredAt)));
    }
}

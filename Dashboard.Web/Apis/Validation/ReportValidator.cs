using Grains.Interfaces;

namespace Dashboard.Web.Apis.Validation;

/// <summary>The rules of an activity report (spec 2.2, 3), for single reports and each item of a batch.</summary>
public static class ReportValidator
{
    /// <summary>The report as the log stores it, or its field errors.</summary>
    public static Validated<ActivityReport> Validate(ReportRequest request)
    {
        var errors = new FieldErrors();
        var id = errors.Id("id", "编号", request.Id);
        var gridId = errors.Id("gridId", "网格编号", request.GridId);
        var workerId = errors.Id("workerId", "网格员编号", request.WorkerId);
        var kind = errors.Choice<ActivityKind>("kind", "类型", request.Kind);
        var occurredAt = errors.RequiredTime("occurredAt", "发生时间", request.OccurredAt);
        var category = errors.OptionalText("category", "类别", request.Category, FieldErrors.CategoryLength);
        var note = errors.OptionalText("note", "备注", request.Note, FieldErrors.NoteLength);
        var (households, participants) = kind == ActivityKind.Visit
            ? (Households(errors, request), NoParticipants(errors, request))
            : (NoHouseholds(errors, request, kind), Participants(errors, request));

        return Validated<ActivityReport>.From(
            errors,
            () => new ActivityReport(id, gridId, workerId, kind, occurredAt, households, participants, category, note));
    }

    private static int Households(FieldErrors errors, ReportRequest request)
    {
        if (request.Households is < 1)
        {
            errors.Add("households", "入户数必须是不小于 1 的整数");
        }

        return request.Households ?? 1;
    }

    private static int NoParticipants(FieldErrors errors, ReportRequest request)
    {
        if (request.Participants is not null)
        {
            errors.Add("participants", "走访不填写参与人数，请用 households 填写入户数");
        }

        return 0;
    }

    private static int NoHouseholds(FieldErrors errors, ReportRequest request, ActivityKind kind)
    {
        if (request.Households is not null)
        {
            errors.Add("households", $"{(kind == ActivityKind.Training ? "培训" : "活动")}不填写入户数，请用 participants 填写参与人数");
        }

        return 0;
    }

    private static int Participants(FieldErrors errors, ReportRequest request)
    {
        if (request.Participants is < 0)
        {
            errors.Add("participants", "参与人数必须是不小于 0 的整数");
        }

        return request.Participants ?? 0;
    }
}

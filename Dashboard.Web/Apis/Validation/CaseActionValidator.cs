using Grains.Interfaces;

namespace Dashboard.Web.Apis.Validation;

/// <summary>The rules of an action on a case (spec 2.3, 3): which fields each action needs and allows.</summary>
public static class CaseActionValidator
{
    /// <summary>The longest <c>by</c> and <c>handler</c>.</summary>
    public const int PersonLength = 64;

    /// <summary>The action as the log stores it, or its field errors.</summary>
    public static Validated<CaseAction> Validate(string caseId, CaseActionRequest request)
    {
        var errors = new FieldErrors();
        var id = errors.Id("id", "编号", request.Id);
        var action = errors.Choice<CaseActionKind>("action", "操作", request.Action);
        var by = errors.RequiredText("by", "操作人", request.By, PersonLength);
        var at = errors.RequiredTime("at", "操作时间", request.At);
        var note = errors.OptionalText("note", "说明", request.Note, FieldErrors.NoteLength);
        var deadline = errors.OptionalTime("deadline", "处置期限", request.Deadline);
        var handler = errors.OptionalText("handler", "处置人", request.Handler, PersonLength);
        if (ApiJson.TryParse<CaseActionKind>(request.Action, out _))
        {
            CheckFieldsOf(action, errors, note, request.Deadline, handler);
        }

        return Validated<CaseAction>.From(errors, () => new CaseAction(id, caseId, action, by, at, note, deadline, handler));
    }

    private static void CheckFieldsOf(CaseActionKind action, FieldErrors errors, string? note, string? deadline, string? handler)
    {
        if (action == CaseActionKind.Dispatch && handler is null)
        {
            errors.Add("handler", "派遣必须指定处置人");
        }

        if (action != CaseActionKind.Dispatch && handler is not null)
        {
            errors.Add("handler", "只有派遣可以指定处置人");
        }

        if (action == CaseActionKind.Extend && deadline is null)
        {
            errors.Add("deadline", "延期必须给出新的处置期限");
        }

        if (action is not (CaseActionKind.Dispatch or CaseActionKind.Extend) && deadline is not null)
        {
            errors.Add("deadline", "只有派遣和延期可以指定处置期限");
        }

        if (action is CaseActionKind.Cancel or CaseActionKind.Extend or CaseActionKind.Urge && note is null)
        {
            errors.Add("note", action switch
            {
                CaseActionKind.Cancel => "作废必须填写原因",
                CaseActionKind.Extend => "延期必须填写原因",
                _ => "督办必须填写督办要求",
            });
        }
    }
}

using Grains.Interfaces;

namespace Grains.Cases;

/// <summary>
/// The legal moves of a case (spec 2.3): reported → dispatched → resolved → closed, resolved → dispatched (返工),
/// reported|dispatched → cancelled, escalate and extend while reported or dispatched, urge (督办) while open, without
/// moving the case. Pure: it decides and applies, it stores nothing.
/// </summary>
public static class CaseLifecycle
{
    /// <summary>Null when the action is allowed on the case; otherwise why not (nothing is changed).</summary>
    public static WriteResult? Check(CaseFile file, CaseAction action)
    {
        if (action.At < file.Case.OccurredAt)
        {
            return new WriteResult(WriteOutcome.Invalid, "at", "操作时间早于事件发生时间。");
        }

        if (!IsAllowedIn(action.Action, file.State))
        {
            return Illegal($"事件处于“{StateName(file.State)}”状态，不能{ActionName(action.Action)}。");
        }

        return action.Action switch
        {
            CaseActionKind.Dispatch => CheckDispatch(file, action),
            CaseActionKind.Cancel => RequireNote(action, "作废必须说明原因。"),
            CaseActionKind.Escalate when file.HandlingLevel == UnitLevel.District => Illegal("事件已由区级处置，不能再上报。"),
            CaseActionKind.Extend => CheckExtend(file, action),
            CaseActionKind.Urge => RequireNote(action, "督办必须写明督办要求。"),
            _ => null,
        };
    }

    /// <summary>Applies an action that <see cref="Check"/> allowed and records it in the history.</summary>
    public static void Apply(CaseFile file, CaseAction action)
    {
        switch (action.Action)
        {
            case CaseActionKind.Dispatch:
                file.State = CaseState.Dispatched;
                file.Handler = action.Handler;
                file.Deadline = action.Deadline ?? file.Deadline;
                break;
            case CaseActionKind.Resolve:
                file.State = CaseState.Resolved;
                file.ResolvedAt = action.At;
                break;
            case CaseActionKind.Close:
                file.State = CaseState.Closed;
                file.ClosedAt = action.At;
                break;
            case CaseActionKind.Reject:
                file.State = CaseState.Dispatched;
                file.ResolvedAt = null;
                file.ReworkCount++;
                break;
            case CaseActionKind.Cancel:
                file.State = CaseState.Cancelled;
                break;
            case CaseActionKind.Escalate:
                file.HandlingLevel = file.HandlingLevel == UnitLevel.Community ? UnitLevel.Street : UnitLevel.District;
                break;
            case CaseActionKind.Extend:
                file.Deadline = action.Deadline!.Value;
                file.ExtensionCount++;
                break;
            case CaseActionKind.Urge:
                file.UrgeCount++;
                break;
        }

        file.Record(action);
    }

    /// <summary>Whether the action may move a case in <paramref name="state"/>, whatever its fields.</summary>
    public static bool IsAllowedIn(CaseActionKind action, CaseState state) => action switch
    {
        CaseActionKind.Dispatch => state == CaseState.Reported,
        CaseActionKind.Resolve => state == CaseState.Dispatched,
        CaseActionKind.Close or CaseActionKind.Reject => state == CaseState.Resolved,
        CaseActionKind.Cancel or CaseActionKind.Escalate or CaseActionKind.Extend =>
            state is CaseState.Reported or CaseState.Dispatched,
        CaseActionKind.Urge => CaseDeadlines.IsOpen(state),
        _ => false,
    };

    private static WriteResult? CheckDispatch(CaseFile file, CaseAction action)
    {
        if (string.IsNullOrWhiteSpace(action.Handler))
        {
            return new WriteResult(WriteOutcome.Invalid, "handler", "派遣必须指定处置人。");
        }

        return action.Deadline is { } deadline && deadline <= file.Case.OccurredAt
            ? new WriteResult(WriteOutcome.Invalid, "deadline", "处置期限必须晚于事件发生时间。")
            : null;
    }

    private static WriteResult? CheckExtend(CaseFile file, CaseAction action)
    {
        if (RequireNote(action, "延期必须说明原因。") is { } missing)
        {
            return missing;
        }

        if (action.Deadline is not { } deadline)
        {
            return new WriteResult(WriteOutcome.Invalid, "deadline", "延期必须给出新的处置期限。");
        }

        return deadline <= file.Deadline
            ? new WriteResult(WriteOutcome.Invalid, "deadline", "新的处置期限必须晚于当前期限。")
            : null;
    }

    private static WriteResult? RequireNote(CaseAction action, string detail) =>
        string.IsNullOrWhiteSpace(action.Note) ? new WriteResult(WriteOutcome.Invalid, "note", detail) : null;

    private static WriteResult Illegal(string detail) => new(WriteOutcome.IllegalTransition, "action", detail);

    private static string StateName(CaseState state) => state switch
    {
        CaseState.Reported => "已上报",
        CaseState.Dispatched => "已派遣",
        CaseState.Resolved => "已处置",
        CaseState.Closed => "已结案",
        _ => "已作废",
    };

    private static string ActionName(CaseActionKind action) => action switch
    {
        CaseActionKind.Dispatch => "派遣",
        CaseActionKind.Resolve => "处置完成",
        CaseActionKind.Close => "结案",
        CaseActionKind.Reject => "退回返工",
        CaseActionKind.Cancel => "作废",
        CaseActionKind.Escalate => "上报上级",
        CaseActionKind.Extend => "延期",
        _ => "督办",
    };
}

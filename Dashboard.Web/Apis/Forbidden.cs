using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>
/// The 403 answers of the API (spec 9): the caller is signed in, but the unit, grid, worker or case lies outside their
/// <see cref="Accounts.AccessScope"/>. A refused write has changed nothing, so every detail says so.
/// </summary>
internal static class Forbidden
{
    /// <summary>A unit outside the caller's subtree; also an unknown unit for anyone but an administrator.</summary>
    public static ProblemHttpResult Unit(string unitId) => Problem($"无权查看单位 {unitId}：它不在你的管辖范围内。");

    /// <summary>The workers or cases of a unit the caller may not see (a display never sees people).</summary>
    public static ProblemHttpResult People(string unitId) => Problem($"无权查看单位 {unitId} 的网格员和事件。");

    /// <summary>A case whose grid lies outside the caller's scope.</summary>
    public static ProblemHttpResult Case(string caseId) => Problem($"无权查看事件 {caseId}：它不在你的管辖范围内。");

    /// <summary>A report or new case for another grid or worker than the caller's own.</summary>
    public static ProblemHttpResult Report(string gridId, string workerId) =>
        Problem($"无权以网格员 {workerId} 的身份为网格 {gridId} 上报，未做任何修改。");

    /// <summary>A batch with items for another grid or worker: the whole batch is refused, and the answer lists their indexes.</summary>
    public static ProblemHttpResult Batch(IReadOnlyList<int> indexes)
    {
        const int Named = 10;
        var named = string.Join("、", indexes.Take(Named));
        var all = indexes.Count > Named ? $"等 {indexes.Count} 条" : "条";
        return Problem(
            $"批量报告中第 {named} {all}（从 0 起计）不是你本人在你的网格的报告，整批未做任何修改。",
            new Dictionary<string, object?> { ["indexes"] = indexes });
    }

    /// <summary>An action on a case outside the caller's scope.</summary>
    public static ProblemHttpResult CaseAction(string caseId) => Problem($"无权处理事件 {caseId}，未做任何修改。");

    /// <summary>An urge (督办) by anyone but a leader or an administrator.</summary>
    public static ProblemHttpResult Urge(string caseId) => Problem($"只有领导和管理员可以督办事件 {caseId}，未做任何修改。");

    /// <summary>A worker who names someone else as the actor of a case action.</summary>
    public static ProblemHttpResult ActingAsOther(string workerId) =>
        Problem($"网格员只能以本人身份操作事件：by 必须是 {workerId}，未做任何修改。");

    /// <summary>Another worker's duty status.</summary>
    public static ProblemHttpResult Status(string workerId) => Problem($"无权设置网格员 {workerId} 的状态，未做任何修改。");

    /// <summary>A 403 problem with <paramref name="detail"/>.</summary>
    public static ProblemHttpResult Problem(string detail, IDictionary<string, object?>? extensions = null) =>
        Problems.Result(StatusCodes.Status403Forbidden, detail, extensions);
}

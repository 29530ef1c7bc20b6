using Grains.Ingestion;
using Grains.Interfaces;

namespace Grains.Tests;

/// <summary>Well-formed writes for the tests.</summary>
internal static class Writes
{
    public static ActivityReport Visit(string id, string gridId, string workerId, DateTimeOffset at, int households = 1) =>
        new(id, gridId, workerId, ActivityKind.Visit, at, households, 0, "独居老人", null);

    public static ActivityReport Training(string id, string gridId, string workerId, DateTimeOffset at, int participants) =>
        new(id, gridId, workerId, ActivityKind.Training, at, 0, participants, null, null);

    public static ActivityReport Event(string id, string gridId, string workerId, DateTimeOffset at, int participants) =>
        new(id, gridId, workerId, ActivityKind.Event, at, 0, participants, "志愿服务", null);

    public static NewCase Case(string id, string gridId, string workerId, DateTimeOffset at, string category = "环境卫生") =>
        new(id, gridId, workerId, category, "路面垃圾堆积", null, at, CaseTimeLimits.DefaultDeadline(category, at));

    public static CaseAction Action(string id, string caseId, CaseActionKind kind, DateTimeOffset at) => kind switch
    {
        CaseActionKind.Dispatch => new(id, caseId, kind, "dispatcher", at, null, null, "城管中队"),
        CaseActionKind.Cancel => new(id, caseId, kind, "dispatcher", at, "重复上报", null, null),
        CaseActionKind.Extend => new(id, caseId, kind, "dispatcher", at, "需协调多部门", at.AddDays(30), null),
        CaseActionKind.Urge => new(id, caseId, kind, "街道书记", at, "请加快处置", null, null),
        _ => new(id, caseId, kind, "dispatcher", at, null, null, null),
    };
}

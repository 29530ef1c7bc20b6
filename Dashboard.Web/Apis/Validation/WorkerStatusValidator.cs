using Grains.Interfaces;

namespace Dashboard.Web.Apis.Validation;

/// <summary>The rules of a worker's duty status (spec 2.4, 3).</summary>
public static class WorkerStatusValidator
{
    /// <summary>The status as the log stores it, or its field errors.</summary>
    public static Validated<WorkerStatusReport> Validate(string workerId, WorkerStatusRequest request)
    {
        var errors = new FieldErrors();
        var status = errors.Choice<WorkerDutyStatus>("status", "状态", request.Status);
        var at = errors.RequiredTime("at", "时间", request.At);
        return Validated<WorkerStatusReport>.From(errors, () => new WorkerStatusReport(workerId, status, at));
    }
}

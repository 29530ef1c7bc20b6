using Grains.Interfaces;

namespace Grains.Cases;

/// <summary>The clock-driven indicators of a case (spec 2.3): open, overdue (超期) and due soon (超期预警).</summary>
internal static class CaseDeadlines
{
    /// <summary>Reported, dispatched or resolved.</summary>
    public static bool IsOpen(CaseState state) => state is CaseState.Reported or CaseState.Dispatched or CaseState.Resolved;

    /// <summary>Reported or dispatched past the deadline.</summary>
    public static bool IsOverdue(CaseState state, DateTimeOffset deadline, DateTimeOffset now) =>
        IsRunning(state) && now > deadline;

    /// <summary>Not yet overdue, within the last 20% of its time limit.</summary>
    public static bool IsDueSoon(CaseState state, DateTimeOffset occurredAt, DateTimeOffset deadline, DateTimeOffset now) =>
        IsRunning(state) && now <= deadline && now >= DueSoonFrom(occurredAt, deadline);

    /// <summary>The next moment the case becomes due soon or overdue, or null when it never will.</summary>
    public static DateTimeOffset? NextCrossing(CaseState state, DateTimeOffset occurredAt, DateTimeOffset deadline, DateTimeOffset now)
    {
        if (!IsRunning(state))
        {
            return null;
        }

        var dueSoonFrom = DueSoonFrom(occurredAt, deadline);
        if (now < dueSoonFrom)
        {
            return dueSoonFrom;
        }

        return now <= deadline ? deadline.AddTicks(1) : null;
    }

    private static bool IsRunning(CaseState state) => state is CaseState.Reported or CaseState.Dispatched;

    private static DateTimeOffset DueSoonFrom(DateTimeOffset occurredAt, DateTimeOffset deadline) =>
        deadline - ((deadline - occurredAt) / 5);
}

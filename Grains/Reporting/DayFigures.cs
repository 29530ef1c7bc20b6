using Grains.Interfaces;

namespace Grains.Reporting;

/// <summary>
/// What a grid (or a worker) did over some days: the activities of spec 2.2 and the cases reported. The projection
/// keeps one per grid and local day and one per worker and local day (<see cref="IReportStore"/>).
/// </summary>
public sealed record DayFigures(
    long Visits,
    long Households,
    long Trainings,
    long TrainingParticipants,
    long Events,
    long EventParticipants,
    long CasesReported)
{
    /// <summary>Nothing done.</summary>
    public static DayFigures Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>The figures of one report.</summary>
    public static DayFigures Of(ActivityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Kind switch
        {
            ActivityKind.Training => Zero with { Trainings = 1, TrainingParticipants = report.Participants },
            ActivityKind.Event => Zero with { Events = 1, EventParticipants = report.Participants },
            _ => Zero with { Visits = 1, Households = report.Households },
        };
    }

    /// <summary>One reported case.</summary>
    public static DayFigures OneCase { get; } = Zero with { CasesReported = 1 };

    /// <summary>The sum of two.</summary>
    public static DayFigures operator +(DayFigures left, DayFigures right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(
            left.Visits + right.Visits,
            left.Households + right.Households,
            left.Trainings + right.Trainings,
            left.TrainingParticipants + right.TrainingParticipants,
            left.Events + right.Events,
            left.EventParticipants + right.EventParticipants,
            left.CasesReported + right.CasesReported);
    }

    /// <summary>The sum of two (CA2225's named alternative of <c>+</c>).</summary>
    public static DayFigures Add(DayFigures left, DayFigures right) => left + right;
}

namespace Grains.Reporting;

/// <summary>The projection's column lists, the same in both stores (their tables differ only in SQL types).</summary>
internal static class ReportColumns
{
    /// <summary>The figures of a grid's or a worker's day, in the order of <see cref="DayFigures"/>.</summary>
    public const string Figures = "visits, households, trainings, training_participants, events, event_participants, cases_reported";

    /// <summary>The facts of a case, in the order the stores read them into <see cref="CaseFacts"/>.</summary>
    public const string Case = "id, grid, category, reported_at, deadline, resolved_at, closed_at, cancelled_at, reworked, extended, urges";
}

using Grains.Interfaces;
using Grains.Time;

namespace Grains.Units;

/// <summary>
/// Sums activity reports per local hour (spec 2.2: one per report, plus households or participants) and keeps the
/// latest time each worker was seen.
/// </summary>
internal sealed class ActivityCounter(LocalClock clock)
{
    private readonly DeltaBatch _deltas = new();
    private readonly Dictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Add(ActivityReport report)
    {
        var (date, hour) = clock.LocalHourOf(report.OccurredAt);
        switch (report.Kind)
        {
            case ActivityKind.Visit:
                _deltas.AddCounts(date, hour, CountField.Visits, 1, CountField.Households, report.Households);
                break;
            case ActivityKind.Training:
                _deltas.AddCounts(date, hour, CountField.Trainings, 1, CountField.TrainingParticipants, report.Participants);
                break;
            case ActivityKind.Event:
                _deltas.AddCounts(date, hour, CountField.Events, 1, CountField.EventParticipants, report.Participants);
                break;
        }

        if (!_lastSeen.TryGetValue(report.WorkerId, out var seen) || report.OccurredAt > seen)
        {
            _lastSeen[report.WorkerId] = report.OccurredAt;
        }

        Count++;
    }

    public ActivityTally ToTally() =>
        new(_deltas.Hours(), [.. _lastSeen.Select(p => new WorkerSighting(p.Key, p.Value))]);
}

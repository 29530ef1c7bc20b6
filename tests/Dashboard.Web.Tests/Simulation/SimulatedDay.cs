using Dashboard.Web.Simulation;
using Grains.Interfaces;
using Grains.Organisation;

namespace Dashboard.Web.Tests.Simulation;

/// <summary>A workload over the demo organisation run once through a whole day in one-second ticks, one new activity a second.</summary>
public sealed class SimulatedDay
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public SimulatedDay()
    {
        Organisation = DemoOrganisation.Load();
        var workload = DemoOrganisation.Workload(Organisation, seed: 7);
        var now = Start;
        for (var second = 0; second < 24 * 3600; second++)
        {
            now = Start.AddSeconds(second);
            foreach (var write in workload.DueWrites(now))
            {
                Writes.Add((now, write));
            }

            Writes.Add((now, workload.NextActivity(now)));
            if (second % 3600 == 0)
            {
                AtWorkByHour.Add(workload.WorkersAtWork);
            }
        }

        End = now;
    }

    public OrganisationTree Organisation { get; }

    public DateTimeOffset End { get; }

    /// <summary>Every write with the time it was made at.</summary>
    public List<(DateTimeOffset At, SimulatedWrite Write)> Writes { get; } = [];

    /// <summary>Workers at work at the start of each UTC hour of the day (hour 0 is 08:00 in Shanghai).</summary>
    public List<int> AtWorkByHour { get; } = [];

    public IEnumerable<NewCase> Cases => Writes.Select(w => w.Write).OfType<SimulatedCase>().Select(c => c.Case);

    public IEnumerable<CaseAction> Actions => Writes.Select(w => w.Write).OfType<SimulatedCaseAction>().Select(a => a.Action);

    public IEnumerable<WorkerStatusReport> Statuses => Writes.Select(w => w.Write).OfType<SimulatedStatus>().Select(s => s.Status);
}

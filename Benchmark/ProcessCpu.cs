using System.Diagnostics;
using System.Globalization;

namespace Benchmark;

/// <summary>A process whose CPU the benchmark reports; with its children for a server that forks one per connection (PostgreSQL).</summary>
internal sealed record MeasuredProcess(string Name, int Id, bool WithChildren = false);

/// <summary>The CPU time each process and the whole machine used over a window of wall time.</summary>
internal sealed record CpuUse(double Seconds, IReadOnlyList<(MeasuredProcess Process, double Seconds)> Processes, double MachineSeconds)
{
    /// <summary>A CPU time as a share of one core over the window, in percent to a tenth.</summary>
    public double PercentOfCore(double cpuSeconds) => Math.Round(cpuSeconds / Seconds * 100, 1);
}

/// <summary>
/// CPU time of processes and of the machine, read from Linux's <c>/proc</c> (ticks of 1/100 s, USER_HZ): a process's
/// own time and that of its children it has reaped, and for <see cref="MeasuredProcess.WithChildren"/> its live
/// children's too, so a connection's process counts whether it ends during the window or not.
/// </summary>
internal sealed class ProcessCpu
{
    private const double TicksPerSecond = 100;

    private readonly IReadOnlyList<MeasuredProcess> _processes;
    private readonly long[] _since;
    private readonly long _machineSince;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    private ProcessCpu(IReadOnlyList<MeasuredProcess> processes)
    {
        _processes = processes;
        _since = [.. processes.Select(Ticks)];
        _machineSince = MachineTicks();
    }

    /// <summary>Starts measuring <paramref name="processes"/> and the machine.</summary>
    public static ProcessCpu Start(IReadOnlyList<MeasuredProcess> processes) => new(processes);

    /// <summary>What was used since the start.</summary>
    public CpuUse Read() => new(
        Stopwatch.GetElapsedTime(_startedAt).TotalSeconds,
        [.. _processes.Select((process, index) => (process, (Ticks(process) - _since[index]) / TicksPerSecond))],
        (MachineTicks() - _machineSince) / TicksPerSecond);

    private static long Ticks(MeasuredProcess process)
    {
        var ticks = Stat(process.Id) is { } own ? own.Ticks : 0;
        if (process.WithChildren)
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), out var id) && Stat(id) is { } child && child.ParentId == process.Id)
                {
                    ticks += child.Ticks;
                }
            }
        }

        return ticks;
    }

    // Fields after the command's closing parenthesis: state, ppid, ... utime (14th of the line), stime, cutime, cstime.
    private static (int ParentId, long Ticks)? Stat(int id)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{id}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture)));
    }

    // The first line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal; busy is all but idle and iowait.
    private static long MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long[] times = [.. fields[1..9].Select(field => long.Parse(field, CultureInfo.InvariantCulture))];
        return times.Sum() - times[3] - times[4];
    }
}

using System.Runtime.InteropServices;

namespace Benchmark;

/// <summary>
/// Everything the benchmark started that must not outlive it: a run stopped with Ctrl+C or SIGTERM skips the scenarios'
/// own clean-up, so this stops what is still registered (servers, silos, Redis, PostgreSQL) and deletes the scratch
/// directories before the process exits.
/// </summary>
internal static class ChildProcesses
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<long, Action> Stops = [];
    private static long _next;
    private static PosixSignalRegistration[]? _signals;

    /// <summary>Registers <paramref name="stop"/> until the returned handle is disposed; it must not block for long.</summary>
    public static IDisposable Register(Action stop)
    {
        lock (Gate)
        {
            _signals ??= [PosixSignalRegistration.Create(PosixSignal.SIGINT, StopAll), PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopAll)];
            var id = ++_next;
            Stops[id] = stop;
            return new Registration(id);
        }
    }

    // The signal's default action, ending the process, follows.
    private static void StopAll(PosixSignalContext context)
    {
        Action[] stops;
        lock (Gate)
        {
            stops = [.. Stops.OrderByDescending(stop => stop.Key).Select(stop => stop.Value)];
            Stops.Clear();
        }

        Console.Error.WriteLine($"{context.Signal}: 停止子进程 / stopping {stops.Length} child processes");
        foreach (var stop in stops)
        {
            stop();
        }
    }

    private sealed class Registration(long id) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                Stops.Remove(id);
            }
        }
    }
}

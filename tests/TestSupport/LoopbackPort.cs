using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TestSupport;

/// <summary>
/// Free loopback ports for the servers the tests and the benchmark start (apps, silos, gateways, Redis). Compiled into
/// the benchmark too, as a linked file.
/// </summary>
public static class LoopbackPort
{
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// A port that is free now and was not handed out before in this process: several servers start at once, and two
    /// given the same port would collide. It lies below the kernel's ephemeral range, because a port the kernel hands out
    /// (as port 0 would) may be taken as the local port of an outgoing connection before the server binds it, and a
    /// silo that cannot bind its port does not start.
    /// </summary>
    public static int Free()
    {
        var below = EphemeralPortsStart();
        while (true)
        {
            var port = Random.Shared.Next(10_000, below);
            if (IsFree(port) && HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux: <c>ip_local_port_range</c>, 32768 by default).</summary>
    private static int EphemeralPortsStart()
    {
        var range = File.Exists(EphemeralRange) ? File.ReadAllText(EphemeralRange).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
        return range.Length > 0 && int.TryParse(range[0], out var start) && start > 20_000 ? start : 32_768;
    }
}

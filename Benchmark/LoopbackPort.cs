using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Benchmark;

/// <summary>Free loopback ports for the processes the benchmark starts.</summary>
internal static class LoopbackPort
{
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// A port that is free now and was not handed out before in this run: a cluster takes several at once, and the
    /// system may offer a port again once its probe is closed.
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}

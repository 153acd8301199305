using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Together.Tests.Infrastructure;

/// <summary>
/// Ports nothing listens on right now, for processes that must be told their port before they start (PostgreSQL,
/// RabbitMQ, coturn, a media node). They come from below the kernel's ephemeral range, so no outgoing connection
/// and no socket bound to port 0 can take one between this check and the process's own bind (under a loaded test
/// run that happened: coturn found its port held by a test's HTTP connection); each is handed out once per run.
/// Another process may still take one; the callers fail loudly if so.
/// </summary>
public static class FreePorts
{
    private const int Lowest = 10_000;
    private static readonly int EphemeralStart = ReadEphemeralStart();
    private static readonly HashSet<int> HandedOut = [];

    public static int Tcp() => Find(SocketType.Stream, ProtocolType.Tcp);

    public static int Udp() => Find(SocketType.Dgram, ProtocolType.Udp);

    private static int Find(SocketType type, ProtocolType protocol)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, EphemeralStart);
            lock (HandedOut)
            {
                if (!HandedOut.Contains(port) && CanBind(port, type, protocol))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free {protocol} port between {Lowest} and {EphemeralStart} after 200 tries");
    }

    private static bool CanBind(int port, SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of Linux's ephemeral range (<c>ip_local_port_range</c>; 32768 by default).</summary>
    private static int ReadEphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var first = File.Exists(range) ? File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start) && start > Lowest + 1000 ? start : 32_768;
    }
}

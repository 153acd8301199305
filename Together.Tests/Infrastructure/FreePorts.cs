using System.Net;
using System.Net.Sockets;

namespace Together.Tests.Infrastructure;

/// <summary>
/// Ports nothing listens on right now, for processes that must be told their port before they start (PostgreSQL,
/// RabbitMQ, a media node). Another process may take one before it is used; the callers fail loudly if so.
/// </summary>
public static class FreePorts
{
    public static int Tcp() => Bind(SocketType.Stream, ProtocolType.Tcp);

    public static int Udp() => Bind(SocketType.Dgram, ProtocolType.Udp);

    private static int Bind(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

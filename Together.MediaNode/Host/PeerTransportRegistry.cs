using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Together.MediaNode.Transport.Demux;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Srtp;
using Together.MediaNode.Transport.Stun;

namespace Together.MediaNode.Host;

/// <summary>
/// The node's table of peers and the routing between them and the sockets: STUN goes to the peer named by the
/// local ufrag in USERNAME; everything else goes by the remote address that passed a check for a peer (as
/// mediasoup's WebRtcServer does); the rest is dropped. It is also the peers' datagram sink.
/// </summary>
public sealed class PeerTransportRegistry : IPeerTransportRegistry, IDatagramSink
{
    private const int MaxUfragLength = 256;

    /// <summary>The UDP receive thread's batch while it forwards; null on every other thread, which sends directly.</summary>
    [ThreadStatic]
    private static UdpSendBatch? t_sendBatch;

    private readonly PeerTransportContext _context;
    private readonly MediaNodeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PeerTransportRegistry> _logger;
    private readonly ConcurrentDictionary<string, PeerTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PeerTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<SocketAddress, UdpRoute> _udpRoutes = new();
    private readonly ConcurrentDictionary<IPEndPoint, SocketAddress> _udpSendAddresses = new();
    private readonly ConcurrentDictionary<IPEndPoint, IceTcpConnection> _tcpConnections = new();
    private readonly PriorityQueue<PeerTransport, DateTimeOffset> _deadlines = new();
    private readonly Lock _deadlinesLock = new();
    private Socket? _udp;
    private IPEndPoint? _udpEndPoint;
    private IPEndPoint? _tcpEndPoint;

    public PeerTransportRegistry(PeerTransportContext context, IOptions<MediaNodeOptions> options, TimeProvider time,
        ILogger<PeerTransportRegistry> logger)
    {
        _context = context;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public DtlsFingerprint LocalFingerprint => _context.Certificate.Fingerprint;

    public int PeerCount => _byUfrag.Count;

    public IPEndPoint? UdpEndPoint => _udpEndPoint;

    public IPEndPoint? TcpEndPoint => _tcpEndPoint;

    public IReadOnlyList<MediaCandidate> LocalCandidates
    {
        get
        {
            var addresses = AnnouncedAddresses();
            var candidates = new List<MediaCandidate>();
            if (_udpEndPoint is { } udp)
            {
                candidates.AddRange(addresses.Select(a => new MediaCandidate(TransportProtocol.Udp, a, udp.Port)));
            }

            if (_tcpEndPoint is { } tcp)
            {
                candidates.AddRange(addresses.Select(a => new MediaCandidate(TransportProtocol.Tcp, a, tcp.Port)));
            }

            return candidates;
        }
    }

    public PeerTransport Register(PeerRegistration registration, IPeerTransportHandler handler)
    {
        var peer = new PeerTransport(_time.GetUtcNow(), registration, _context, this, new TrackingHandler(this, handler));
        if (!_byUfrag.TryAdd(registration.LocalCredentials.Ufrag, peer))
        {
            peer.Dispose();
            throw new InvalidOperationException("A peer with this ICE ufrag is already registered.");
        }

        lock (_deadlinesLock)
        {
            _deadlines.Enqueue(peer, peer.NextDeadline);
        }

        return peer;
    }

    public void Remove(PeerTransport peer)
    {
        peer.Close();
        Forget(peer);
    }

    public void Send(IceEndpoint destination, ReadOnlySpan<byte> datagram)
    {
        try
        {
            if (destination.Protocol == TransportProtocol.Tcp)
            {
                if (_tcpConnections.TryGetValue(destination.Address, out var connection))
                {
                    connection.Send(datagram);
                }

                return;
            }

            if (_udp is not { } socket)
            {
                return;
            }

            if (_udpSendAddresses.TryGetValue(destination.Address, out var address))
            {
                if (t_sendBatch is not { } batch || batch.Socket != socket || !batch.TryAdd(address, datagram))
                {
                    socket.SendTo(datagram, SocketFlags.None, address);
                }
            }
            else
            {
                socket.SendTo(datagram, SocketFlags.None, ForSocket(socket, destination.Address));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // UDP is best effort; a vanished peer is noticed by consent expiry.
        }
    }

    internal void AttachUdp(Socket socket)
    {
        _udp = socket;
        _udpEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    internal void AttachTcp(IPEndPoint bound) => _tcpEndPoint = bound;

    internal void AddTcpConnection(IceTcpConnection connection) => _tcpConnections[connection.Remote] = connection;

    internal void RemoveTcpConnection(IceTcpConnection connection) =>
        _tcpConnections.TryRemove(new KeyValuePair<IPEndPoint, IceTcpConnection>(connection.Remote, connection));

    /// <summary>Routes one UDP datagram; returns why it was dropped, or null when a peer took it.</summary>
    internal string? ReceiveUdp(SocketAddress from, Span<byte> datagram)
    {
        var now = _time.GetUtcNow();
        bool known = _udpRoutes.TryGetValue(from, out var route);
        if (DatagramClassifier.Classify(datagram) != DatagramKind.Stun)
        {
            if (!known)
            {
                return "no validated path";
            }

            route!.Peer.Receive(now, route.Endpoint, datagram);
            return null;
        }

        var peer = FindByStunUsername(datagram);
        if (peer is null)
        {
            return "unknown ICE ufrag";
        }

        var endpoint = known && route!.Peer == peer ? route.Endpoint : IceEndpoint.Udp(ToIPEndPoint(from));
        if (peer.Receive(now, endpoint, datagram) == PeerReceiveOutcome.EndpointValidated && !(known && route!.Peer == peer))
        {
            var key = Copy(from);
            _udpRoutes[key] = new UdpRoute(peer, endpoint);
            _udpSendAddresses[endpoint.Address] = key;
        }

        return null;
    }

    /// <summary>Routes one ICE-TCP frame; the connection binds to the first peer whose check it passes.</summary>
    internal PeerTransport? ReceiveTcp(IceTcpConnection connection, PeerTransport? bound, Span<byte> frame)
    {
        var now = _time.GetUtcNow();
        var endpoint = IceEndpoint.Tcp(connection.Remote);
        if (bound is not null)
        {
            bound.Receive(now, endpoint, frame);
            return bound;
        }

        if (DatagramClassifier.Classify(frame) != DatagramKind.Stun || FindByStunUsername(frame) is not { } peer)
        {
            return null;
        }

        return peer.Receive(now, endpoint, frame) == PeerReceiveOutcome.EndpointValidated ? peer : null;
    }

    internal static void UseSendBatch(UdpSendBatch? batch) => t_sendBatch = batch;

    /// <summary>
    /// Runs the timers of the peers whose deadline passed, and only those: a peer's consent deadline moves with every
    /// check, so a peer comes up about once per consent timeout instead of at every tick. Returns how many ran.
    /// </summary>
    internal int HandleTimeouts()
    {
        var now = _time.GetUtcNow();
        var ran = 0;
        while (true)
        {
            PeerTransport peer;
            lock (_deadlinesLock)
            {
                if (!_deadlines.TryPeek(out peer!, out var due) || due > now)
                {
                    return ran;
                }

                _deadlines.Dequeue();
            }

            if (peer.State == PeerTransportState.Closed)
            {
                continue;
            }

            peer.HandleTimeout(now);
            ran++;
            if (peer.State != PeerTransportState.Closed)
            {
                lock (_deadlinesLock)
                {
                    _deadlines.Enqueue(peer, peer.NextDeadline);
                }
            }
        }
    }

    private PeerTransport? FindByStunUsername(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out var message) || !message.HasUsername)
        {
            return null;
        }

        var username = message.Username;
        int colon = username.IndexOf((byte)':');
        var ufrag = colon < 0 ? username : username[..colon];
        if (ufrag.IsEmpty || ufrag.Length > MaxUfragLength)
        {
            return null;
        }

        Span<char> chars = stackalloc char[ufrag.Length];
        int length = Encoding.ASCII.GetChars(ufrag, chars);
        return _byUfragSpan.TryGetValue(chars[..length], out var peer) ? peer : null;
    }

    private void Forget(PeerTransport peer)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, PeerTransport>(peer.LocalUfrag, peer));
        foreach (var (address, route) in _udpRoutes)
        {
            if (route.Peer == peer)
            {
                _udpRoutes.TryRemove(address, out _);
                _udpSendAddresses.TryRemove(route.Endpoint.Address, out _);
            }
        }
    }

    private List<IPAddress> AnnouncedAddresses() => [.. _options.PublicAddresses().Select(IPAddress.Parse)];

    /// <summary>IPv4 peers on a dual-stack socket show up as ::ffff:a.b.c.d; ICE and SDP want a.b.c.d.</summary>
    private static IPEndPoint ToIPEndPoint(SocketAddress address)
    {
        var template = address.Family == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        var endpoint = (IPEndPoint)template.Create(address);
        return endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;
    }

    private static IPEndPoint ForSocket(Socket socket, IPEndPoint destination) =>
        socket.AddressFamily == AddressFamily.InterNetworkV6 && destination.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(destination.Address.MapToIPv6(), destination.Port)
            : destination;

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    private sealed record UdpRoute(PeerTransport Peer, IceEndpoint Endpoint);

    /// <summary>Forgets a peer's routes when it disconnects, and logs its transitions, before the SFU hears of them.</summary>
    private sealed class TrackingHandler(PeerTransportRegistry registry, IPeerTransportHandler inner) : IPeerTransportHandler
    {
        public void OnConnected(PeerTransport peer, SrtpProfile profile)
        {
            MediaTransportLog.PeerConnected(registry._logger, peer.LocalUfrag, peer.SelectedEndpoint, profile);
            inner.OnConnected(peer, profile);
        }

        public void OnDisconnected(PeerTransport peer, PeerDisconnectReason reason, string? detail)
        {
            registry.Forget(peer);
            MediaTransportLog.PeerDisconnected(registry._logger, peer.LocalUfrag, reason, detail);
            inner.OnDisconnected(peer, reason, detail);
        }

        public void OnRtp(PeerTransport peer, Span<byte> packet) => inner.OnRtp(peer, packet);

        public void OnRtcp(PeerTransport peer, Span<byte> packet) => inner.OnRtcp(peer, packet);
    }
}

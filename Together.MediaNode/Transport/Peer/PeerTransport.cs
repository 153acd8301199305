using System.Buffers;
using System.Runtime.CompilerServices;
using Together.MediaNode.Transport.Demux;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Srtp;
using Together.MediaNode.Transport.Stun;

namespace Together.MediaNode.Transport.Peer;

/// <summary>
/// The whole transport of one WebRTC peer: ICE-lite agent, DTLS server and SRTP sessions, composed. Inbound
/// datagrams go in through <see cref="Receive"/> with the time and the remote endpoint; replies and media go out
/// through the <see cref="IDatagramSink"/> to the selected endpoint; decrypted RTP/RTCP and state changes go to the
/// <see cref="IPeerTransportHandler"/>. Nothing but STUN is accepted from an endpoint that has not passed an
/// authenticated check, which also closes the DTLS ClientHello race. Time only moves through <see cref="Receive"/>
/// and <see cref="HandleTimeout"/>, except inside the DTLS handshake (see <see cref="DtlsSession"/>).
/// </summary>
public sealed class PeerTransport : IDisposable
{
    /// <summary>SRTP that arrives between the browser's Finished and our key export is held, up to this many packets.</summary>
    public const int MaxEarlyPackets = 16;

    private const int MaxPacketLength = 1500;
    private const int ScratchLength = 2048;

    [ThreadStatic]
    private static byte[]? t_scratch;

    private readonly PeerTransportContext _context;
    private readonly PeerRegistration _registration;
    private readonly IDatagramSink _sink;
    private readonly IPeerTransportHandler _handler;
    private readonly IceLiteAgent _ice;
    private readonly Lock _lock = new();
    private readonly Queue<EarlyPacket> _early = new();
    private readonly byte[] _stunResponse = new byte[StunConstants.MaxBuiltMessageLength];
    private DtlsSession? _dtls;
    private SrtpSession? _inbound;
    private SrtpSession? _outbound;
    private StrongBox<IceEndpoint>? _selected; // a reference, so the send path reads it whole without the lock
    private StrongBox<IceEndpoint>? _dtlsPath;

    public PeerTransport(DateTimeOffset now, PeerRegistration registration, PeerTransportContext context, IDatagramSink sink,
        IPeerTransportHandler handler)
    {
        _registration = registration;
        _context = context;
        _sink = sink;
        _handler = handler;
        _ice = new IceLiteAgent(now, registration.LocalCredentials, registration.RemoteUfrag, context.IceOptions);
    }

    public string LocalUfrag => _registration.LocalCredentials.Ufrag;

    public PeerTransportState State { get; private set; } = PeerTransportState.Checking;

    /// <summary>The 5-tuple media is sent on (null until a check passed, or after consent expired).</summary>
    public IceEndpoint? SelectedEndpoint => Volatile.Read(ref _selected)?.Value;

    public SrtpProfile? Profile => _outbound?.Profile;

    public DtlsHandshakeSummary? HandshakeSummary { get; private set; }

    /// <summary>When <see cref="HandleTimeout"/> must next run: the consent deadline (DTLS reports its own end).</summary>
    public DateTimeOffset NextDeadline
    {
        get
        {
            lock (_lock)
            {
                return _ice.NextDeadline;
            }
        }
    }

    /// <summary>Inbound SRTP/SRTCP packets whose tag did not verify (forged, corrupted); 0 before keys exist.</summary>
    public long SrtpAuthenticationFailures => Volatile.Read(ref _inbound)?.AuthenticationFailures ?? 0;

    /// <summary>Inbound SRTP/SRTCP packets refused as replays or as older than the replay window.</summary>
    public long SrtpReplaysRejected => Volatile.Read(ref _inbound)?.ReplaysRejected ?? 0;

    /// <summary>SRTP/SRTCP packets that arrived before the keys and were held, then decrypted (FACTS: it happens).</summary>
    public int EarlyPacketsHeld { get; private set; }

    /// <summary>Processes one inbound datagram; RTP/RTCP are decrypted in place in <paramref name="datagram"/>.</summary>
    public PeerReceiveOutcome Receive(DateTimeOffset now, IceEndpoint source, Span<byte> datagram)
    {
        var kind = DatagramClassifier.Classify(datagram);
        if (kind == DatagramKind.Stun)
        {
            return ReceiveStun(now, source, datagram);
        }

        Notifications notifications;
        SrtpSession? inbound;
        lock (_lock)
        {
            if (State == PeerTransportState.Closed || kind == DatagramKind.Unknown || !_ice.IsValidated(source))
            {
                return PeerReceiveOutcome.Dropped;
            }

            if (kind == DatagramKind.Dtls)
            {
                if (_dtlsPath?.Value != source)
                {
                    Volatile.Write(ref _dtlsPath, new StrongBox<IceEndpoint>(source));
                }

                _dtls ??= DtlsSession.CreateServer(_context.Certificate, _registration.RemoteFingerprint,
                    _context.DtlsOptions, _context.HandshakeGate, SendDtls);
                _dtls.Receive(datagram);
                if (!_dtls.IsStarted)
                {
                    _dtls.Start();
                    _dtls.Completion.ContinueWith(static (_, state) => ((PeerTransport)state!).OnHandshakeFinished(), this,
                        CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                notifications = ServiceDtls();
                inbound = null;
            }
            else
            {
                notifications = ServiceDtls();
                inbound = _inbound;
                if (inbound is null && !HoldEarly(kind, datagram))
                {
                    return PeerReceiveOutcome.Dropped;
                }
            }
        }

        Raise(notifications);
        if (kind == DatagramKind.Dtls)
        {
            return PeerReceiveOutcome.Dtls;
        }

        return inbound is null || Deliver(inbound, kind, datagram) ? PeerReceiveOutcome.Media : PeerReceiveOutcome.Dropped;
    }

    /// <summary>Runs timers: consent expiry (RFC 7675), and DTLS completion when no datagram arrived to notice it.</summary>
    public void HandleTimeout(DateTimeOffset now)
    {
        Notifications notifications;
        lock (_lock)
        {
            if (State == PeerTransportState.Closed)
            {
                return;
            }

            notifications = ServiceDtls();
            if (notifications.Disconnect is null && _ice.HandleTimeout(now))
            {
                notifications.Disconnect = (PeerDisconnectReason.ConsentExpired, "No authenticated STUN check for 30 s.");
                CloseLocked();
            }
        }

        Raise(notifications);
    }

    /// <summary>Reports the handshake's outcome at once, rather than at the next datagram or timer.</summary>
    private void OnHandshakeFinished()
    {
        Notifications notifications;
        lock (_lock)
        {
            notifications = ServiceDtls();
        }

        Raise(notifications);
    }

    /// <summary>
    /// Encrypts the RTP packet in <paramref name="buffer"/>[..<paramref name="plainLength"/>] in place (the buffer needs
    /// <see cref="SrtpSession.MaxOverhead"/> spare bytes) and sends it to the selected endpoint. False before keys exist.
    /// </summary>
    public bool TrySendRtp(Span<byte> buffer, int plainLength)
    {
        var outbound = Volatile.Read(ref _outbound);
        if (outbound is null || SelectedEndpoint is not { } destination
            || !outbound.TryProtectRtp(buffer, plainLength, out int protectedLength))
        {
            return false;
        }

        _sink.Send(destination, buffer[..protectedLength]);
        return true;
    }

    /// <summary>Like <see cref="TrySendRtp"/> for RTCP; the buffer needs <see cref="SrtpSession.MaxRtcpOverhead"/> spare bytes.</summary>
    public bool TrySendRtcp(Span<byte> buffer, int plainLength)
    {
        var outbound = Volatile.Read(ref _outbound);
        if (outbound is null || SelectedEndpoint is not { } destination
            || !outbound.TryProtectRtcp(buffer, plainLength, out int protectedLength))
        {
            return false;
        }

        _sink.Send(destination, buffer[..protectedLength]);
        return true;
    }

    /// <summary>
    /// Copies <paramref name="plainRtp"/> into a per-thread scratch buffer, encrypts and sends it: for fan-out, where
    /// one decrypted packet is sent to many peers and must stay intact. Allocation-free after a thread's first call.
    /// </summary>
    public bool TrySendRtp(ReadOnlySpan<byte> plainRtp)
    {
        var scratch = Scratch(plainRtp.Length + SrtpSession.MaxOverhead);
        plainRtp.CopyTo(scratch);
        return TrySendRtp(scratch, plainRtp.Length);
    }

    /// <summary>Like <see cref="TrySendRtp(ReadOnlySpan{byte})"/> for RTCP.</summary>
    public bool TrySendRtcp(ReadOnlySpan<byte> plainRtcp)
    {
        var scratch = Scratch(plainRtcp.Length + SrtpSession.MaxRtcpOverhead);
        plainRtcp.CopyTo(scratch);
        return TrySendRtcp(scratch, plainRtcp.Length);
    }

    /// <summary>Closes our side (close_notify when DTLS is up) and reports <see cref="PeerDisconnectReason.Closed"/>.</summary>
    public void Close()
    {
        bool wasOpen;
        lock (_lock)
        {
            wasOpen = State != PeerTransportState.Closed;
            CloseLocked();
        }

        if (wasOpen)
        {
            _handler.OnDisconnected(this, PeerDisconnectReason.Closed, null);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            CloseLocked();
        }
    }

    private PeerReceiveOutcome ReceiveStun(DateTimeOffset now, IceEndpoint source, ReadOnlySpan<byte> datagram)
    {
        int length;
        IceCheckOutcome outcome;
        lock (_lock)
        {
            if (State == PeerTransportState.Closed)
            {
                return PeerReceiveOutcome.Dropped;
            }

            outcome = _ice.HandleStun(now, source, datagram, _stunResponse, out length);
            if (outcome == IceCheckOutcome.SelectedEndpointChanged)
            {
                Volatile.Write(ref _selected, new StrongBox<IceEndpoint>(_ice.SelectedEndpoint!.Value));
                if (State == PeerTransportState.Checking)
                {
                    State = PeerTransportState.Securing;
                }
            }

            if (length > 0)
            {
                _sink.Send(source, _stunResponse.AsSpan(0, length));
            }
        }

        return outcome switch
        {
            IceCheckOutcome.Answered or IceCheckOutcome.SelectedEndpointChanged => PeerReceiveOutcome.EndpointValidated,
            IceCheckOutcome.Rejected => PeerReceiveOutcome.StunRejected,
            _ => PeerReceiveOutcome.Dropped,
        };
    }

    /// <summary>
    /// DTLS answers go back where the peer's DTLS came from (a validated endpoint): before it nominates, the
    /// controlling side may run DTLS over a pair other than the one a lite agent selected first.
    /// </summary>
    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        if (State != PeerTransportState.Closed && (Volatile.Read(ref _dtlsPath)?.Value ?? SelectedEndpoint) is { } destination)
        {
            _sink.Send(destination, datagram);
        }
    }

    /// <summary>Installs keys as soon as the handshake thread exported them, and notices the handshake's end.</summary>
    private Notifications ServiceDtls()
    {
        var notifications = default(Notifications);
        if (_dtls is null)
        {
            return notifications;
        }

        if (_inbound is null && _dtls.KeyMaterial is { } keys)
        {
            Volatile.Write(ref _inbound, SrtpSession.ForInbound(keys, localIsDtlsServer: true, _context.SrtpRefusals));
            Volatile.Write(ref _outbound, SrtpSession.ForOutbound(keys, localIsDtlsServer: true));
            State = PeerTransportState.Connected;
            notifications.Connected = keys.Profile;
            notifications.Early = DrainEarly();
            notifications.Inbound = _inbound;
        }

        if (_dtls.IsStarted && _dtls.Completion.IsCompleted && HandshakeSummary is null)
        {
            var result = _dtls.Completion.Result;
            HandshakeSummary = result.Summary;
            if (!result.Succeeded)
            {
                notifications.Disconnect = (PeerDisconnectReason.DtlsFailed, result.Failure);
                CloseLocked();
            }
        }
        else if (_dtls.PeerClosed && State != PeerTransportState.Closed)
        {
            notifications.Disconnect = (PeerDisconnectReason.DtlsClosed, "The peer closed DTLS.");
            CloseLocked();
        }

        return notifications;
    }

    private bool HoldEarly(DatagramKind kind, ReadOnlySpan<byte> datagram)
    {
        if (_early.Count >= MaxEarlyPackets || datagram.Length > MaxPacketLength || _dtls is null)
        {
            return false;
        }

        var copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(copy);
        _early.Enqueue(new EarlyPacket(copy, datagram.Length, kind));
        EarlyPacketsHeld++;
        return true;
    }

    private EarlyPacket[]? DrainEarly()
    {
        if (_early.Count == 0)
        {
            return null;
        }

        var drained = _early.ToArray();
        _early.Clear();
        return drained;
    }

    private bool Deliver(SrtpSession inbound, DatagramKind kind, Span<byte> datagram)
    {
        if (kind == DatagramKind.Rtp)
        {
            if (!inbound.TryUnprotectRtp(datagram, out int plain))
            {
                return false;
            }

            _handler.OnRtp(this, datagram[..plain]);
            return true;
        }

        if (!inbound.TryUnprotectRtcp(datagram, out int plainRtcp))
        {
            return false;
        }

        _handler.OnRtcp(this, datagram[..plainRtcp]);
        return true;
    }

    private void Raise(Notifications notifications)
    {
        if (notifications.Connected is { } profile)
        {
            _handler.OnConnected(this, profile);
        }

        if (notifications.Early is { } early)
        {
            foreach (var packet in early)
            {
                Deliver(notifications.Inbound!, packet.Kind, packet.Buffer.AsSpan(0, packet.Length));
                ArrayPool<byte>.Shared.Return(packet.Buffer);
            }
        }

        if (notifications.Disconnect is { } disconnect)
        {
            _handler.OnDisconnected(this, disconnect.Reason, disconnect.Detail);
        }
    }

    private void CloseLocked()
    {
        if (State == PeerTransportState.Closed)
        {
            return;
        }

        State = PeerTransportState.Closed;
        Volatile.Write(ref _selected, null);
        _dtls?.Dispose();
        while (_early.TryDequeue(out var packet))
        {
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }
    }

    private static Span<byte> Scratch(int length)
    {
        if (length > ScratchLength)
        {
            return new byte[length];
        }

        return t_scratch ??= new byte[ScratchLength];
    }

    private readonly record struct EarlyPacket(byte[] Buffer, int Length, DatagramKind Kind);

    /// <summary>State changes decided under the lock and reported after it is released.</summary>
    private struct Notifications
    {
        public SrtpProfile? Connected;
        public EarlyPacket[]? Early;
        public SrtpSession? Inbound;
        public (PeerDisconnectReason Reason, string? Detail)? Disconnect;
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Text;
using Together.MediaNode.Probe;
using Together.MediaNode.Transport.Demux;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Rtcp;
using Together.MediaNode.Transport.Rtp;
using Together.MediaNode.Transport.Srtp;
using Together.MediaNode.Transport.Stun;

namespace Together.Bench.Media.Load;

/// <summary>
/// One generated participant's media path over the generator's shared socket: ICE and DTLS as a browser would do
/// them, then either a speaker (packets built and encrypted by the generator's send thread, no codec) or a
/// listener that authenticates every packet and counts it against the node's own per-leg count, without decoding.
/// Receive-side state is touched only by the generator's receive thread.
/// </summary>
internal sealed class LoadClient(LoadGenerator generator, int index, ProbeMediaSetup setup, int room, bool speaker) : IProbeMediaPath
{
    /// <summary>Bytes 1–4 of every generated payload; then the room number and the send time (Unix ns).</summary>
    public const uint PayloadMagic = 0x54474C44;

    private const int PayloadLength = 80;
    private const int SamplesPerPacket = 960;
    private static readonly byte[] Mid = Encoding.ASCII.GetBytes(ProbeSdp.MicrophoneMid);

    private readonly IceControllingAgent _ice = new(setup.Local, setup.Remote, IceEndpoint.Udp(setup.Node), (110u << 24) | (65535u << 8) | 255u);
    private readonly Lock _iceLock = new();
    private readonly TaskCompletionSource _iceConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly uint _ssrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private DtlsSession? _dtls;
    private SrtpSession? _inbound;
    private SrtpSession? _outbound;
    private ushort _sequence = (ushort)Random.Shared.Next(ushort.MaxValue);
    private uint _timestamp = (uint)Random.Shared.Next();
    private readonly LegCounters _leg = new();

    public int Index { get; } = index;

    public uint Address { get; } = SharedUdpSocket.ClientAddress(index);

    public int Room { get; } = room;

    public bool IsSpeaker { get; } = speaker;

    public bool IsConnected => Volatile.Read(ref _outbound) is not null;

    public long PacketsSent { get; private set; }

    public IPEndPoint? MappedAddress => _ice.MappedAddress;

    public long RtcpReceived => _leg.RtcpReceived;

    public long SrtpFailures => _leg.SrtpFailures;

    public LegCounters Leg => _leg;

    public async Task<ProbeFailure?> ConnectAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        lock (_iceLock)
        {
            Span<byte> transmit = stackalloc byte[StunConstants.MaxBuiltMessageLength];
            SendRaw(transmit[.._ice.Start(DateTimeOffset.UtcNow, transmit)]);
        }

        try
        {
            await _iceConnected.Task.WaitAsync(timeout, cancellation);
        }
        catch (TimeoutException)
        {
            return new ProbeFailure(ProbeStage.Ice, $"no STUN answer after {_ice.RequestsSent} checks");
        }

        var dtls = DtlsSession.CreateClient(setup.Certificate, setup.NodeFingerprint, new DtlsOptions { HandshakeTimeout = timeout },
            generator.HandshakeGate, SendRaw);
        _dtls = dtls;
        dtls.Start();
        var result = await dtls.Completion;
        if (result.KeyMaterial is not { } keys)
        {
            return new ProbeFailure(ProbeStage.Dtls, result.Failure ?? "handshake failed");
        }

        Volatile.Write(ref _inbound, SrtpSession.ForInbound(keys, localIsDtlsServer: false));
        Volatile.Write(ref _outbound, SrtpSession.ForOutbound(keys, localIsDtlsServer: false));
        return null;
    }

    public bool TrySendRtp(Span<byte> buffer, int length)
    {
        if (Volatile.Read(ref _outbound) is not { } outbound || !outbound.TryProtectRtp(buffer, length, out var protectedLength))
        {
            return false;
        }

        SendRaw(buffer[..protectedLength]);
        return true;
    }

    /// <summary>
    /// Writes this speaker's next packet, SRTP-protected, into <paramref name="buffer"/>: an 80-byte payload naming the
    /// room and the send time, the audio-level and mid extensions a browser sends. Returns its length (0 before keys).
    /// Called only by the generator's send thread.
    /// </summary>
    public int WriteNextPacket(Span<byte> buffer, long sendUnixNanoseconds)
    {
        if (Volatile.Read(ref _outbound) is not { } outbound)
        {
            return 0;
        }

        Span<byte> payload = stackalloc byte[PayloadLength];
        payload.Clear();
        payload[0] = 0x78; // an Opus TOC byte; the node forwards payloads without looking further
        BinaryPrimitives.WriteUInt32BigEndian(payload[1..], PayloadMagic);
        BinaryPrimitives.WriteInt32BigEndian(payload[5..], Room);
        BinaryPrimitives.WriteInt64BigEndian(payload[9..], sendUnixNanoseconds);
        var fields = new RtpPacketFields(ProbeSdp.OpusPayloadType, false, _sequence++, _timestamp, _ssrc, true, 20);
        _timestamp += SamplesPerPacket;
        if (!RtpPacketWriter.TryWrite(buffer, fields, new RtpExtensionIds(ProbeSdp.AudioLevelId, ProbeSdp.MidId), Mid, payload, out var length)
            || !outbound.TryProtectRtp(buffer, length, out var protectedLength))
        {
            return 0;
        }

        PacketsSent++;
        return protectedLength;
    }

    /// <summary>Consent refreshes and check retransmissions; called by the generator's timer thread.</summary>
    public void OnTimer(DateTimeOffset now)
    {
        lock (_iceLock)
        {
            if (_ice.NextDeadline is { } due && due <= now)
            {
                Span<byte> transmit = stackalloc byte[StunConstants.MaxBuiltMessageLength];
                SendRaw(transmit[.._ice.HandleTimeout(now, transmit)]);
            }
        }
    }

    /// <summary>One datagram the node sent to this client; called only by the generator's receive thread.</summary>
    public void OnDatagram(Span<byte> datagram, long arrivalUnixNanoseconds, LatencyHistogram delays)
    {
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Stun:
                lock (_iceLock)
                {
                    if (_ice.HandleResponse(DateTimeOffset.UtcNow, datagram) && _ice.State == IceControllingState.Connected)
                    {
                        _iceConnected.TrySetResult();
                    }
                }

                break;
            case DatagramKind.Dtls:
                _dtls?.Receive(datagram);
                break;
            case DatagramKind.Rtp when Volatile.Read(ref _inbound) is { } inbound:
                if (!inbound.TryUnprotectRtp(datagram, out var plain))
                {
                    _leg.SrtpFailures++;
                }
                else if (RtpHeader.TryParse(datagram[..plain], out var rtp) && rtp.TryGetPayload(out var offset, out var length)
                    && length >= 17 && BinaryPrimitives.ReadUInt32BigEndian(datagram[(offset + 1)..]) == PayloadMagic)
                {
                    var payload = datagram.Slice(offset, length);
                    if (BinaryPrimitives.ReadInt32BigEndian(payload[5..]) != Room)
                    {
                        _leg.Foreign++;
                    }
                    else if (_leg.Count(rtp.Ssrc, rtp.SequenceNumber) && arrivalUnixNanoseconds != 0)
                    {
                        delays.Add(arrivalUnixNanoseconds - BinaryPrimitives.ReadInt64BigEndian(payload[9..]));
                    }
                }
                else
                {
                    _leg.Unrecognised++;
                }

                break;
            case DatagramKind.Rtcp when Volatile.Read(ref _inbound) is { } inbound:
                if (!inbound.TryUnprotectRtcp(datagram, out var plainRtcp))
                {
                    _leg.SrtpFailures++;
                    break;
                }

                _leg.RtcpReceived++;
                var reader = new RtcpCompoundReader(datagram[..plainRtcp]);
                while (reader.TryReadNext(out var report))
                {
                    if (RtcpReports.TryReadSenderReport(report, out var sender, out _))
                    {
                        _leg.OnSenderReport(sender.Ssrc, sender.PacketCount);
                    }
                }

                break;
        }
    }

    private void SendRaw(ReadOnlySpan<byte> datagram)
    {
        if (!datagram.IsEmpty)
        {
            generator.Socket.SendFrom(Address, generator.NodeAddress, datagram);
        }
    }

    public ValueTask DisposeAsync()
    {
        _dtls?.Dispose();
        return ValueTask.CompletedTask;
    }
}

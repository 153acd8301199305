using System.Net;
using System.Net.Sockets;
using Together.MediaNode.Transport.Demux;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Probe;

/// <summary>Where the probe's decrypted media goes. Called on the receive loop; spans are valid only during the call.</summary>
internal interface IProbeMediaSink
{
    void OnRtp(ReadOnlySpan<byte> packet, long arrival);

    void OnRtcp(ReadOnlySpan<byte> packet);
}

/// <summary>
/// The probe's media path to a node, built from the node's own transport pieces in the client roles: a UDP socket,
/// the controlling ICE agent (checks with USE-CANDIDATE, consent refresh), a DTLS client and SRTP sessions.
/// </summary>
internal sealed class ProbeMediaConnection : IProbeMediaPath
{
    private const int BufferLength = 2048;

    private readonly Socket _socket;
    private readonly IPEndPoint _node;
    private readonly IceControllingAgent _ice;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _nodeFingerprint;
    private readonly IProbeMediaSink _sink;
    private readonly TimeProvider _time;
    private readonly Lock _iceLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly DtlsHandshakeGate _gate = new(1);
    private readonly byte[] _transmit = new byte[BufferLength];
    private readonly TaskCompletionSource _iceConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiveLoop;
    private Task? _timerLoop;
    private DtlsSession? _dtls;
    private SrtpSession? _inbound;
    private SrtpSession? _outbound;

    public ProbeMediaConnection(ProbeMediaSetup setup, IProbeMediaSink sink, TimeProvider time)
    {
        var (local, remote, node, certificate, nodeFingerprint) = setup;
        _node = node;
        _certificate = certificate;
        _nodeFingerprint = nodeFingerprint;
        _sink = sink;
        _time = time;
        _socket = new Socket(node.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(node.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        _ice = new IceControllingAgent(local, remote, IceEndpoint.Udp(node), (110u << 24) | (65535u << 8) | 255u);
    }

    public long DatagramsReceived { get; private set; }
    /// <summary>SRTP/SRTCP that did not authenticate with our keys (never counts packets that came before them).</summary>
    public long SrtpFailures { get; private set; }
    public long RtcpReceived { get; private set; }
    public IPEndPoint? MappedAddress => _ice.MappedAddress;

    /// <summary>ICE then DTLS; returns null when media can flow, or what failed.</summary>
    public async Task<ProbeFailure?> ConnectAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stop.Token), CancellationToken.None);
        lock (_iceLock)
        {
            Send(_transmit.AsSpan(0, _ice.Start(_time.GetUtcNow(), _transmit)));
        }

        _timerLoop = Task.Run(() => TimerLoopAsync(_stop.Token), CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            await _iceConnected.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return new ProbeFailure(
                ProbeStage.Ice, $"no STUN answer from {_node} after {_ice.RequestsSent} checks ({DatagramsReceived} datagrams came back)");
        }
        catch (IOException ex)
        {
            return new ProbeFailure(ProbeStage.Ice, ex.Message);
        }

        var dtls = DtlsSession.CreateClient(
            _certificate, _nodeFingerprint, new DtlsOptions { HandshakeTimeout = timeout }, _gate, Send);
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

    /// <summary>Protects <c>buffer[..length]</c> in place (it needs <see cref="SrtpSession.MaxOverhead"/> spare bytes) and sends it.</summary>
    public bool TrySendRtp(Span<byte> buffer, int length)
    {
        var outbound = Volatile.Read(ref _outbound);
        if (outbound is null || !outbound.TryProtectRtp(buffer, length, out var protectedLength))
        {
            return false;
        }

        Send(buffer[..protectedLength]);
        return true;
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return;
        }

        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _node);
        }
        catch (SocketException)
        {
            // ICMP unreachable from an earlier send surfaces here; the ICE timeout reports it.
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellation)
    {
        var buffer = new byte[BufferLength];
        EndPoint any = new IPEndPoint(_node.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellation.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            DatagramsReceived++;
            Handle(buffer.AsSpan(0, received.ReceivedBytes));
        }
    }

    private void Handle(Span<byte> datagram)
    {
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Stun:
                lock (_iceLock)
                {
                    if (_ice.HandleResponse(_time.GetUtcNow(), datagram) && _ice.State == IceControllingState.Connected)
                    {
                        _iceConnected.TrySetResult();
                    }
                }

                break;
            case DatagramKind.Dtls:
                _dtls?.Receive(datagram);
                break;
            case DatagramKind.Rtp or DatagramKind.Rtcp:
                // Before our keys are installed there is nothing to check: the node may send as soon as it has its
                // own, a moment before our side of the handshake returns.
                if (Volatile.Read(ref _inbound) is { } inbound)
                {
                    HandleMedia(inbound, datagram);
                }

                break;
        }
    }

    private void HandleMedia(SrtpSession inbound, Span<byte> datagram)
    {
        if (DatagramClassifier.Classify(datagram) == DatagramKind.Rtp)
        {
            if (inbound.TryUnprotectRtp(datagram, out var plain))
            {
                _sink.OnRtp(datagram[..plain], _time.GetTimestamp());
            }
            else
            {
                SrtpFailures++;
            }
        }
        else if (inbound.TryUnprotectRtcp(datagram, out var plainRtcp))
        {
            RtcpReceived++;
            _sink.OnRtcp(datagram[..plainRtcp]);
        }
        else
        {
            SrtpFailures++;
        }
    }

    private async Task TimerLoopAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20), _time);
        var transmit = new byte[BufferLength];
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                lock (_iceLock)
                {
                    var now = _time.GetUtcNow();
                    if (_ice.NextDeadline is { } due && due <= now)
                    {
                        Send(transmit.AsSpan(0, _ice.HandleTimeout(now, transmit)));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _dtls?.Dispose();
        _socket.Dispose();
        foreach (var loop in new[] { _receiveLoop, _timerLoop })
        {
            if (loop is not null)
            {
                await loop;
            }
        }

        _gate.Dispose();
        _stop.Dispose();
    }
}

public enum ProbeStage
{
    Signaling,
    Token,
    Sdp,
    Ice,
    Dtls,
    Media,
}

/// <summary>The first thing that went wrong, and what the probe saw.</summary>
public sealed record ProbeFailure(ProbeStage Stage, string Detail);

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Together.MediaNode.Transport.Demux;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Srtp;
using Together.MediaNode.Transport.Stun;

namespace Together.Tests.Media.Transport;

/// <summary>
/// A client over a real socket, built from our own client stack (controlling ICE, DTLS client, SRTP): what the
/// probe will be. Over UDP, or over ICE-TCP with RFC 4571 framing.
/// </summary>
internal sealed class PeerHostClient : IAsyncDisposable
{
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate();
    private readonly Socket _socket;
    private readonly IPEndPoint _node;
    private readonly SocketAddress _nodeAddress;
    private readonly bool _tcp;
    private readonly DtlsHandshakeGate _gate = new(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sendLock = new();
    private IceControllingAgent? _ice;
    private DtlsSession? _dtls;
    private SrtpSession? _inbound;
    private SrtpSession? _outbound;
    private Task? _receiveLoop;
    private int _decryptedRtp;

    private PeerHostClient(Socket socket, IPEndPoint node, bool tcp)
    {
        _socket = socket;
        _node = node;
        _nodeAddress = node.Serialize();
        _tcp = tcp;
    }

    public IceCredentials Credentials { get; } = IceCredentials.Generate();

    public static DtlsFingerprint Fingerprint => ClientCertificate.Fingerprint;

    public IceControllingAgent Ice => _ice!;

    public int DecryptedRtp => Volatile.Read(ref _decryptedRtp);

    public static PeerHostClient OverUdp(IPEndPoint node) =>
        new(Eventually.LoopbackUdp(node.AddressFamily), node, tcp: false);

    public static async Task<PeerHostClient> OverTcpAsync(IPEndPoint node)
    {
        var socket = new Socket(node.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(node);
        return new PeerHostClient(socket, node, tcp: true);
    }

    public async Task<DtlsHandshakeResult> ConnectAsync(IceCredentials node, DtlsFingerprint nodeFingerprint)
    {
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _ice = new IceControllingAgent(Credentials, node, IceEndpoint.Udp(_node), 0x6e0001ff);
        var stun = new byte[StunConstants.MaxBuiltMessageLength];
        Send(stun.AsSpan(0, _ice.Start(DateTimeOffset.UtcNow, stun)));
        await Eventually.TrueAsync(() => _ice.State == IceControllingState.Connected, TimeSpan.FromSeconds(5), "ICE check answered");

        _dtls = DtlsSession.CreateClient(ClientCertificate, nodeFingerprint, new DtlsOptions(), _gate, Send);
        _dtls.Start();
        var result = await _dtls.Completion.WaitAsync(TimeSpan.FromSeconds(15));
        if (result.Succeeded)
        {
            _inbound = SrtpSession.ForInbound(result.KeyMaterial!, localIsDtlsServer: false);
            _outbound = SrtpSession.ForOutbound(result.KeyMaterial!, localIsDtlsServer: false);
        }

        return result;
    }

    public void SendRtp(ushort sequence, uint ssrc)
    {
        var buffer = new byte[12 + 40 + SrtpSession.MaxOverhead];
        buffer[0] = 0x80;
        buffer[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), sequence * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        buffer.AsSpan(12, 40).Fill((byte)sequence);
        Assert.True(_outbound!.TryProtectRtp(buffer, 52, out int length));
        Send(buffer.AsSpan(0, length));
    }

    public void SendRaw(ReadOnlySpan<byte> datagram) => Send(datagram);

    /// <summary>Protects RTP packets now, to be sent later without allocating (for allocation measurements).</summary>
    public byte[][] PrepareRtp(int count, uint ssrc)
    {
        var packets = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            var buffer = new byte[12 + 40 + SrtpSession.MaxOverhead];
            buffer[0] = 0x80;
            buffer[1] = 111;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(i + 1000));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
            Assert.True(_outbound!.TryProtectRtp(buffer, 52, out int length));
            packets[i] = buffer[..length];
        }

        return packets;
    }

    public async ValueTask DisposeAsync()
    {
        _dtls?.Dispose();
        await _stop.CancelAsync();
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }

        _gate.Dispose();
        _inbound?.Dispose();
        _outbound?.Dispose();
        _stop.Dispose();
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        if (!_tcp)
        {
            _socket.SendTo(datagram, SocketFlags.None, _nodeAddress);
            return;
        }

        var frame = new byte[datagram.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)datagram.Length);
        datagram.CopyTo(frame.AsSpan(2));
        lock (_sendLock)
        {
            _socket.Send(frame);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int length = _tcp ? await ReadFrameAsync(buffer) : await _socket.ReceiveAsync(buffer, _stop.Token);
                Dispatch(buffer.AsSpan(0, length));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
            // Disposed.
        }
    }

    private async Task<int> ReadFrameAsync(byte[] buffer)
    {
        await ReadExactlyAsync(buffer.AsMemory(0, 2));
        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        await ReadExactlyAsync(buffer.AsMemory(0, length));
        return length;
    }

    private async Task ReadExactlyAsync(Memory<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int read = await _socket.ReceiveAsync(destination, _stop.Token);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            destination = destination[read..];
        }
    }

    private void Dispatch(Span<byte> datagram)
    {
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Stun:
                _ice?.HandleResponse(DateTimeOffset.UtcNow, datagram);
                break;
            case DatagramKind.Dtls:
                _dtls?.Receive(datagram);
                break;
            case DatagramKind.Rtp when _inbound is { } inbound && inbound.TryUnprotectRtp(datagram, out _):
                Interlocked.Increment(ref _decryptedRtp);
                break;
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Together.MediaNode;
using Together.MediaNode.Transport.Demux;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Srtp;
using Together.MediaNode.Transport.Stun;

namespace Together.Tests.Media.Transport;

/// <summary>
/// A node-side <see cref="PeerTransport"/> against a browser stand-in built from our own client stack
/// (controlling ICE, DTLS client, SRTP), over an in-memory network.
/// </summary>
public sealed class PeerTransportTests : IDisposable
{
    private static readonly DtlsCertificate NodeCertificate = DtlsCertificate.Generate();
    private static readonly IceEndpoint BrowserEndpoint = IceEndpoint.Udp(IPEndPoint.Parse("192.0.2.10:50000"));
    private static readonly IceEndpoint Stranger = IceEndpoint.Udp(IPEndPoint.Parse("203.0.113.66:40000"));

    private readonly PeerTransportContext _context = new(NodeCertificate,
        new DtlsOptions { HandshakeResend = TimeSpan.FromMilliseconds(100) });
    private readonly RecordingHandler _handler = new();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Browser_connects_and_srtp_flows_both_ways()
    {
        using var browser = new BrowserStandIn(NodeCertificate.Fingerprint);
        using var peer = CreatePeer(browser);
        browser.Attach(peer);

        await browser.ConnectAsync(_start);
        await _handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PeerTransportState.Connected, peer.State);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, peer.Profile);
        Assert.Equal(BrowserEndpoint, peer.SelectedEndpoint);

        for (ushort sequence = 1; sequence <= 5; sequence++)
        {
            Assert.Equal(PeerReceiveOutcome.Media, peer.Receive(_start, BrowserEndpoint, browser.ProtectRtp(sequence)));
        }

        Assert.Equal(5, _handler.RtpPackets.Count);
        Assert.Equal(OpusLikePayload(3), _handler.RtpPackets[2][12..]);

        var buffer = new byte[200 + SrtpSession.MaxOverhead];
        int plain = WriteRtp(buffer, 77, 0x11223344);
        Assert.True(peer.TrySendRtp(buffer, plain));
        Assert.Equal(1, browser.DecryptedRtpCount);
    }

    [Fact]
    public void Dtls_and_rtp_from_an_endpoint_without_a_valid_check_are_dropped()
    {
        using var browser = new BrowserStandIn(NodeCertificate.Fingerprint);
        using var peer = CreatePeer(browser);
        var clientHelloLike = new byte[100];
        clientHelloLike[0] = 22;
        var rtpLike = new byte[100];
        rtpLike[0] = 0x80;
        rtpLike[1] = 111;

        Assert.Equal(PeerReceiveOutcome.Dropped, peer.Receive(_start, Stranger, clientHelloLike));
        Assert.Equal(PeerReceiveOutcome.Dropped, peer.Receive(_start, Stranger, rtpLike));
        Assert.Equal(PeerTransportState.Checking, peer.State);
        Assert.Empty(browser.Received);
    }

    [Fact]
    public async Task A_validated_path_does_not_open_the_door_to_other_addresses()
    {
        using var browser = new BrowserStandIn(NodeCertificate.Fingerprint);
        using var peer = CreatePeer(browser);
        browser.Attach(peer);
        await browser.ConnectAsync(_start);
        await _handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PeerReceiveOutcome.Dropped, peer.Receive(_start, Stranger, browser.ProtectRtp(1)));
        Assert.Empty(_handler.RtpPackets);
    }

    [Fact]
    public async Task Srtp_that_arrives_before_the_server_exported_its_keys_is_held_then_delivered()
    {
        using var browser = new BrowserStandIn(NodeCertificate.Fingerprint);
        using var release = new ManualResetEventSlim();
        var holdServerAfterFinished = new HoldAfterServerFinished(browser, release);
        using var peer = new PeerTransport(_start,
            new PeerRegistration(browser.NodeCredentials, browser.Credentials.Ufrag, BrowserStandIn.Fingerprint),
            _context, holdServerAfterFinished, _handler);
        browser.Attach(peer);

        // The browser finishes as soon as it has our Finished; our handshake thread is held just before
        // NotifyHandshakeComplete, the window in which Chromium's first SRTP can arrive.
        await browser.ConnectAsync(_start);
        for (ushort sequence = 1; sequence <= 3; sequence++)
        {
            Assert.Equal(PeerReceiveOutcome.Media, peer.Receive(_start, BrowserEndpoint, browser.ProtectRtp(sequence)));
        }

        Assert.Equal(PeerTransportState.Securing, peer.State);
        Assert.Equal(3, peer.EarlyPacketsHeld);
        Assert.Empty(_handler.RtpPackets);

        release.Set();
        await _handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => _handler.RtpCount == 3, TimeSpan.FromSeconds(5), "held packets delivered");
        Assert.Equal(OpusLikePayload(2), _handler.RtpPackets[1][12..]);
    }

    [Fact]
    public async Task Mutated_datagrams_from_the_validated_path_are_dropped_and_the_call_goes_on()
    {
        using var browser = new BrowserStandIn(NodeCertificate.Fingerprint);
        using var peer = CreatePeer(browser);
        browser.Attach(peer);
        await browser.ConnectAsync(_start);
        await _handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var random = new Random(3711);
        var valid = browser.ProtectRtp(1);

        for (int round = 0; round < 3000; round++)
        {
            var mutated = valid.ToArray();
            mutated[0] = (round % 3) switch { 0 => 0x80, 1 => (byte)random.Next(20, 64), _ => (byte)random.Next(256) };
            for (int flips = random.Next(1, 6); flips > 0; flips--)
            {
                mutated[random.Next(1, mutated.Length)] = (byte)random.Next(256);
            }

            peer.Receive(_start, BrowserEndpoint, mutated.AsSpan(0, random.Next(1, mutated.Length + 1)));
        }

        await Task.Delay(200); // let the DTLS pump chew on the DTLS-looking ones
        Assert.Equal(PeerReceiveOutcome.Media, peer.Receive(_start, BrowserEndpoint, browser.ProtectRtp(2)));
        Assert.Equal(PeerTransportState.Connected, peer.State);
        Assert.Empty(_handler.Disconnects);
        Assert.Equal(2, _handler.RtpPackets[^1][3]);
    }

    [Fact]
    public async Task Forged_and_replayed_srtp_and_srtcp_are_refused_and_counted_on_the_node_meter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new MediaNodeMetrics(services.GetRequiredService<IMeterFactory>(), _context.SrtpRefusals);
        using var meter = new MeterReader(metrics.Meter);
        using var browser = new BrowserStandIn(NodeCertificate.Fingerprint);
        using var peer = CreatePeer(browser);
        browser.Attach(peer);
        await browser.ConnectAsync(_start);
        await _handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var rtp = browser.ProtectRtp(1);
        var rtcp = browser.ProtectRtcp();
        var forgedRtp = rtp.ToArray();
        forgedRtp[^1] ^= 0x01;
        var forgedRtcp = rtcp.ToArray();
        forgedRtcp[^10] ^= 0x01;

        Assert.Equal(PeerReceiveOutcome.Dropped, peer.Receive(_start, BrowserEndpoint, forgedRtp));
        Assert.Equal(PeerReceiveOutcome.Media, peer.Receive(_start, BrowserEndpoint, rtp.ToArray()));
        Assert.Equal(PeerReceiveOutcome.Dropped, peer.Receive(_start, BrowserEndpoint, rtp.ToArray()));
        Assert.Equal(PeerReceiveOutcome.Dropped, peer.Receive(_start, BrowserEndpoint, forgedRtcp));
        Assert.Equal(PeerReceiveOutcome.Media, peer.Receive(_start, BrowserEndpoint, rtcp.ToArray()));
        Assert.Equal(PeerReceiveOutcome.Dropped, peer.Receive(_start, BrowserEndpoint, rtcp.ToArray()));

        Assert.Equal((2L, 2L), (peer.SrtpAuthenticationFailures, peer.SrtpReplaysRejected));
        Assert.Equal(1, meter.Read("together.media.srtp.auth_failures", "rtp"));
        Assert.Equal(1, meter.Read("together.media.srtp.auth_failures", "rtcp"));
        Assert.Equal(1, meter.Read("together.media.srtp.replays", "rtp"));
        Assert.Equal(1, meter.Read("together.media.srtp.replays", "rtcp"));
        Assert.Equal(PeerTransportState.Connected, peer.State);
    }

    [Fact]
    public async Task Consent_expires_after_30_silent_seconds_of_injected_time()
    {
        using var browser = new BrowserStandIn(NodeCertificate.Fingerprint);
        using var peer = CreatePeer(browser);
        browser.Attach(peer);
        await browser.ConnectAsync(_start);
        await _handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(_start.AddSeconds(30), peer.NextDeadline);
        peer.HandleTimeout(_start.AddSeconds(29));
        Assert.Empty(_handler.Disconnects);

        peer.HandleTimeout(_start.AddSeconds(30));

        Assert.Equal([PeerDisconnectReason.ConsentExpired], _handler.Disconnects);
        Assert.Equal(PeerTransportState.Closed, peer.State);
        Assert.Null(peer.SelectedEndpoint);
        Assert.False(peer.TrySendRtp(new byte[100 + SrtpSession.MaxOverhead], 100));
    }

    [Fact]
    public async Task Wrong_client_fingerprint_fails_dtls_and_disconnects()
    {
        using var browser = new BrowserStandIn(NodeCertificate.Fingerprint);
        var registration = new PeerRegistration(browser.NodeCredentials, browser.Credentials.Ufrag,
            DtlsCertificate.Generate().Fingerprint);
        using var peer = new PeerTransport(_start, registration, _context, browser, _handler);
        browser.Attach(peer);

        await browser.ConnectAsync(_start, expectDtlsSuccess: false);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_handler.Disconnects.IsEmpty && DateTime.UtcNow < deadline)
        {
            peer.HandleTimeout(DateTimeOffset.UtcNow);
            await Task.Delay(10);
        }

        Assert.Equal([PeerDisconnectReason.DtlsFailed], _handler.Disconnects);
        Assert.False(_handler.Connected.Task.IsCompleted);
    }

    [Fact]
    public async Task Receiving_and_sending_rtp_allocates_nothing_per_packet()
    {
        using var browser = new BrowserStandIn(NodeCertificate.Fingerprint);
        using var peer = CreatePeer(browser);
        browser.Attach(peer);
        await browser.ConnectAsync(_start);
        await _handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _handler.KeepPackets = false;
        browser.CountOnly = true;
        var packets = Enumerable.Range(1, 300).Select(i => browser.ProtectRtp((ushort)i)).ToArray();
        var send = new byte[200 + SrtpSession.MaxOverhead];
        peer.Receive(_start, BrowserEndpoint, packets[0]);
        WriteRtp(send, 1, 0x55);
        peer.TrySendRtp(send, 12 + 60);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < packets.Length; i++)
        {
            peer.Receive(_start, BrowserEndpoint, packets[i]);
            int plain = WriteRtp(send, (ushort)(i + 1), 0x55);
            peer.TrySendRtp(send, plain);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(packets.Length, _handler.RtpCount);
    }

    private PeerTransport CreatePeer(BrowserStandIn browser) =>
        new(_start, new PeerRegistration(browser.NodeCredentials, browser.Credentials.Ufrag, BrowserStandIn.Fingerprint),
            _context, browser, _handler);

    private static byte[] OpusLikePayload(int seed) => Enumerable.Range(0, 60).Select(i => (byte)(i * seed)).ToArray();

    private static int WriteRtp(byte[] buffer, ushort sequence, uint ssrc)
    {
        buffer[0] = 0x80;
        buffer[1] = 111;
        buffer[2] = (byte)(sequence >> 8);
        buffer[3] = (byte)sequence;
        buffer.AsSpan(4, 4).Clear();
        buffer[8] = (byte)(ssrc >> 24);
        buffer[9] = (byte)(ssrc >> 16);
        buffer[10] = (byte)(ssrc >> 8);
        buffer[11] = (byte)ssrc;
        for (int i = 0; i < 60; i++)
        {
            buffer[12 + i] = (byte)(i * sequence);
        }

        return 12 + 60;
    }

    /// <summary>Passes everything on, then blocks the node's handshake thread right after it sent its Finished.</summary>
    private sealed class HoldAfterServerFinished(IDatagramSink inner, ManualResetEventSlim release) : IDatagramSink
    {
        public void Send(IceEndpoint destination, ReadOnlySpan<byte> datagram)
        {
            inner.Send(destination, datagram);
            if (CarriesEpochOneHandshake(datagram))
            {
                release.Wait(TimeSpan.FromSeconds(10));
            }
        }

        /// <summary>A DTLS record of type handshake (22) in epoch 1 is the encrypted Finished.</summary>
        private static bool CarriesEpochOneHandshake(ReadOnlySpan<byte> datagram)
        {
            while (datagram.Length >= 13)
            {
                if (datagram[0] == 22 && datagram[3] == 0 && datagram[4] == 1)
                {
                    return true;
                }

                int length = (datagram[11] << 8) | datagram[12];
                datagram = datagram[Math.Min(datagram.Length, 13 + length)..];
            }

            return false;
        }
    }

    private sealed class RecordingHandler : IPeerTransportHandler
    {
        public TaskCompletionSource<SrtpProfile> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<PeerDisconnectReason> Disconnects { get; } = new();

        public List<byte[]> RtpPackets { get; } = [];

        public int RtpCount { get; private set; }

        public bool KeepPackets { get; set; } = true;

        public void OnConnected(PeerTransport peer, SrtpProfile profile) => Connected.TrySetResult(profile);

        public void OnDisconnected(PeerTransport peer, PeerDisconnectReason reason, string? detail) => Disconnects.Enqueue(reason);

        public void OnRtp(PeerTransport peer, Span<byte> packet)
        {
            RtpCount++;
            if (KeepPackets)
            {
                RtpPackets.Add(packet.ToArray());
            }
        }

        public void OnRtcp(PeerTransport peer, Span<byte> packet)
        {
        }
    }

    /// <summary>The browser's side, made of our own client stack; it is also the node's datagram sink.</summary>
    private sealed class BrowserStandIn(DtlsFingerprint nodeFingerprint) : IDatagramSink, IDisposable
    {
        private static readonly DtlsCertificate BrowserCertificate = DtlsCertificate.Generate();
        private readonly DtlsHandshakeGate _gate = new(2);
        private readonly byte[] _stun = new byte[StunConstants.MaxBuiltMessageLength];
        private readonly byte[] _rtp = new byte[1500];
        private PeerTransport? _peer;
        private IceControllingAgent? _ice;
        private DtlsSession? _dtls;
        private SrtpSession? _outbound;
        private SrtpSession? _inbound;

        public IceCredentials Credentials { get; } = IceCredentials.Generate();

        public IceCredentials NodeCredentials { get; } = IceCredentials.Generate();

        public static DtlsFingerprint Fingerprint => BrowserCertificate.Fingerprint;

        public ConcurrentQueue<byte[]> Received { get; } = new();

        public int DecryptedRtpCount { get; private set; }

        public bool CountOnly { get; set; }

        public void Attach(PeerTransport peer) => _peer = peer;

        public async Task ConnectAsync(DateTimeOffset now, bool expectDtlsSuccess = true)
        {
            _ice = new IceControllingAgent(Credentials, NodeCredentials, BrowserEndpoint, 0x6e0001ff);
            int length = _ice.Start(now, _stun);
            _peer!.Receive(now, BrowserEndpoint, _stun.AsSpan(0, length));
            Assert.Equal(IceControllingState.Connected, _ice.State);

            _dtls = DtlsSession.CreateClient(BrowserCertificate, nodeFingerprint, new DtlsOptions(), _gate,
                d => _peer.Receive(DateTimeOffset.UtcNow, BrowserEndpoint, d.ToArray()));
            _dtls.Start();
            var result = await _dtls.Completion.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(expectDtlsSuccess, result.Succeeded);
            if (result.Succeeded)
            {
                _outbound = SrtpSession.ForOutbound(result.KeyMaterial!, localIsDtlsServer: false);
                _inbound = SrtpSession.ForInbound(result.KeyMaterial!, localIsDtlsServer: false);
            }
        }

        public byte[] ProtectRtp(ushort sequence)
        {
            var buffer = new byte[200];
            int plain = WriteRtp(buffer, sequence, 0xCAFE);
            Assert.True(_outbound!.TryProtectRtp(buffer, plain, out int protectedLength));
            return buffer[..protectedLength];
        }

        /// <summary>An SRTCP receiver report without report blocks (RFC 3550 §6.4.2), as a browser sends when idle.</summary>
        public byte[] ProtectRtcp()
        {
            var buffer = new byte[8 + SrtpSession.MaxRtcpOverhead];
            buffer[0] = 0x80;
            buffer[1] = 201;
            buffer[3] = 1;
            buffer[4] = 0xCA;
            buffer[5] = 0xFE;
            Assert.True(_outbound!.TryProtectRtcp(buffer, 8, out int protectedLength));
            return buffer[..protectedLength];
        }

        public void Send(IceEndpoint destination, ReadOnlySpan<byte> datagram)
        {
            if (destination != BrowserEndpoint)
            {
                throw new InvalidOperationException($"Sent to {destination}");
            }

            switch (DatagramClassifier.Classify(datagram))
            {
                case DatagramKind.Stun:
                    _ice!.HandleResponse(DateTimeOffset.UtcNow, datagram);
                    break;
                case DatagramKind.Dtls:
                    _dtls?.Receive(datagram);
                    break;
                case DatagramKind.Rtp:
                    datagram.CopyTo(_rtp);
                    if (_inbound!.TryUnprotectRtp(_rtp.AsSpan(0, datagram.Length), out _))
                    {
                        DecryptedRtpCount++;
                    }

                    break;
            }

            if (!CountOnly)
            {
                Received.Enqueue(datagram.ToArray());
            }
        }

        public void Dispose()
        {
            _dtls?.Dispose();
            _gate.Dispose();
            _inbound?.Dispose();
            _outbound?.Dispose();
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Together.MediaNode;
using Together.MediaNode.Host;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;

namespace Together.Tests.Media.Transport;

/// <summary>The host's egress and timers: batched UDP sends, ICE-TCP that never blocks, deadlines per peer.</summary>
public sealed class PeerHostEgressTests
{
    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public void A_send_batch_delivers_every_datagram_to_its_own_address(AddressFamily family)
    {
        using var node = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        if (family == AddressFamily.InterNetworkV6)
        {
            node.DualMode = true; // as the node binds "::": IPv4 peers are ::ffff:a.b.c.d
        }

        node.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Any, 0));
        var peers = Enumerable.Range(0, 3).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).ToArray();
        try
        {
            using var batch = new UdpSendBatch(node);
            for (var round = 0; round < UdpSendBatch.Capacity; round++)
            {
                for (var i = 0; i < peers.Length; i++)
                {
                    if (round == 0)
                    {
                        peers[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
                        peers[i].ReceiveTimeout = 2000;
                    }

                    var target = (IPEndPoint)peers[i].LocalEndPoint!;
                    var address = (family == AddressFamily.InterNetworkV6
                        ? new IPEndPoint(target.Address.MapToIPv6(), target.Port)
                        : target).Serialize();
                    Assert.True(batch.TryAdd(address, new byte[] { (byte)i, (byte)round }));
                }
            }

            batch.Flush();
            var buffer = new byte[16];
            for (var i = 0; i < peers.Length; i++)
            {
                for (var round = 0; round < UdpSendBatch.Capacity; round++)
                {
                    Assert.Equal(2, peers[i].Receive(buffer));
                    Assert.Equal(new byte[] { (byte)i, (byte)round }, buffer[..2]);
                }
            }
        }
        finally
        {
            foreach (var peer in peers)
            {
                peer.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_ice_tcp_peer_that_never_reads_costs_its_sender_no_waiting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        using var accepted = await listener.AcceptTcpClientAsync();
        var connection = new IceTcpConnection(accepted.GetStream(), (IPEndPoint)client.Client.LocalEndPoint!);
        using var stop = new CancellationTokenSource();
        var writer = connection.WriteQueuedAsync(stop.Token);

        // 24 MB to a client that never reads: far beyond both sockets' buffers.
        var packet = new byte[1200];
        var sending = Stopwatch.StartNew();
        for (var i = 0; i < 20_000; i++)
        {
            connection.Send(packet);
        }

        sending.Stop();
        Assert.True(sending.Elapsed < TimeSpan.FromSeconds(1), $"sending took {sending.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(connection.Dropped > 10_000, $"{connection.Dropped} frames dropped");

        await stop.CancelAsync();
        await writer.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Timers_run_only_for_peers_whose_deadline_passed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        using var context = new PeerTransportContext(DtlsCertificate.Generate(time));
        var registry = new PeerTransportRegistry(context, Options.Create(new MediaNodeOptions()), time,
            NullLogger<PeerTransportRegistry>.Instance);
        var handler = new CountingDisconnects();
        for (var i = 0; i < 1000; i++)
        {
            registry.Register(new PeerRegistration(IceCredentials.Generate(), "remote", PeerHostClient.Fingerprint), handler);
        }

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, registry.HandleTimeouts());
        Assert.Equal(0, handler.ConsentExpired);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1000, registry.HandleTimeouts());
        Assert.Equal(1000, handler.ConsentExpired);
        Assert.Equal(0, registry.HandleTimeouts());
    }

    private sealed class CountingDisconnects : IPeerTransportHandler
    {
        private int _consentExpired;

        public int ConsentExpired => Volatile.Read(ref _consentExpired);

        public void OnConnected(PeerTransport peer, Together.MediaNode.Transport.Srtp.SrtpProfile profile)
        {
        }

        public void OnDisconnected(PeerTransport peer, PeerDisconnectReason reason, string? detail)
        {
            if (reason == PeerDisconnectReason.ConsentExpired)
            {
                Interlocked.Increment(ref _consentExpired);
            }
        }

        public void OnRtp(PeerTransport peer, Span<byte> packet)
        {
        }

        public void OnRtcp(PeerTransport peer, Span<byte> packet)
        {
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Srtp;
using Together.MediaNode.Transport.Stun;

namespace Together.Tests.Media.Transport;

/// <summary>The UDP host and ICE-TCP listener on real loopback sockets, with a client built from our own stack.</summary>
public sealed class PeerHostTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::", "127.0.0.1")]  // dual stack: an IPv4 client on an IPv6 socket
    [InlineData("::", "::1")]
    public async Task Client_connects_over_udp_and_srtp_flows_both_ways(string bind, string connectTo)
    {
        await using var node = await MediaTransportTestHost.StartAsync(bind);
        var handler = new RecordingPeerHandler();
        var nodeCredentials = IceCredentials.Generate();
        var target = new IPEndPoint(IPAddress.Parse(connectTo), node.UdpEndPoint.Port);
        await using var client = PeerHostClient.OverUdp(target);
        var peer = node.Registry.Register(new PeerRegistration(nodeCredentials, client.Credentials.Ufrag, PeerHostClient.Fingerprint), handler);

        var result = await client.ConnectAsync(nodeCredentials, node.Registry.LocalFingerprint);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, await handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(IPAddress.Parse(connectTo), client.Ice.MappedAddress!.Address);
        for (ushort sequence = 1; sequence <= 10; sequence++)
        {
            client.SendRtp(sequence, 0xABCD);
        }

        await Eventually.TrueAsync(() => handler.Rtp.Count == 10, TimeSpan.FromSeconds(5), "10 RTP packets delivered");
        var plain = new byte[12 + 40 + SrtpSession.MaxOverhead];
        plain[0] = 0x80;
        plain[1] = 111;
        Assert.True(peer.TrySendRtp(plain, 52));
        await Eventually.TrueAsync(() => client.DecryptedRtp == 1, TimeSpan.FromSeconds(5), "node's RTP decrypted by the client");
    }

    [Fact]
    public async Task Twenty_clients_joining_at_once_all_connect_through_the_handshake_cap()
    {
        await using var node = await MediaTransportTestHost.StartAsync();
        var clients = Enumerable.Range(0, 20).Select(_ => PeerHostClient.OverUdp(node.UdpEndPoint)).ToArray();
        var handlers = clients.Select(_ => new RecordingPeerHandler()).ToArray();
        var credentials = clients.Select(_ => IceCredentials.Generate()).ToArray();
        for (int i = 0; i < clients.Length; i++)
        {
            node.Registry.Register(new PeerRegistration(credentials[i], clients[i].Credentials.Ufrag, PeerHostClient.Fingerprint), handlers[i]);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var results = await Task.WhenAll(clients.Select((c, i) => c.ConnectAsync(credentials[i], node.Registry.LocalFingerprint)));
        await Task.WhenAll(handlers.Select(h => h.Connected.Task)).WaitAsync(TimeSpan.FromSeconds(20));
        output.WriteLine($"20 concurrent joins connected in {started.ElapsedMilliseconds} ms");

        Assert.All(results, r => Assert.True(r.Succeeded, r.Failure));
        for (int i = 0; i < clients.Length; i++)
        {
            clients[i].SendRtp(1, (uint)i);
        }

        await Eventually.TrueAsync(() => handlers.All(h => h.Rtp.Count == 1), TimeSpan.FromSeconds(5), "each peer got its own packet");
        Assert.All(handlers.Select((h, i) => (h, i)), x => Assert.Equal((uint)x.i, ReadSsrc(x.h.Rtp.Single())));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Client_connects_over_ice_tcp()
    {
        await using var node = await MediaTransportTestHost.StartAsync();
        var handler = new RecordingPeerHandler();
        var nodeCredentials = IceCredentials.Generate();
        await using var client = await PeerHostClient.OverTcpAsync(node.TcpEndPoint);
        var peer = node.Registry.Register(new PeerRegistration(nodeCredentials, client.Credentials.Ufrag, PeerHostClient.Fingerprint), handler);

        var result = await client.ConnectAsync(nodeCredentials, node.Registry.LocalFingerprint);

        Assert.True(result.Succeeded, result.Failure);
        await handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(TransportProtocol.Tcp, peer.SelectedEndpoint?.Protocol);
        client.SendRtp(1, 0x1234);
        await Eventually.TrueAsync(() => handler.Rtp.Count == 1, TimeSpan.FromSeconds(5), "RTP over ICE-TCP delivered");
    }

    [Fact]
    public async Task Junk_and_unknown_ufrags_are_dropped_and_counted_without_disturbing_a_live_peer()
    {
        await using var node = await MediaTransportTestHost.StartAsync();
        var handler = new RecordingPeerHandler();
        var nodeCredentials = IceCredentials.Generate();
        await using var client = PeerHostClient.OverUdp(node.UdpEndPoint);
        node.Registry.Register(new PeerRegistration(nodeCredentials, client.Credentials.Ufrag, PeerHostClient.Fingerprint), handler);
        Assert.True((await client.ConnectAsync(nodeCredentials, node.Registry.LocalFingerprint)).Succeeded);

        using var attacker = Eventually.LoopbackUdp();
        var random = new Random(7983);
        var junk = new byte[300];
        for (int i = 0; i < 200; i++)
        {
            random.NextBytes(junk);
            junk[0] = (byte)(i % 4 == 0 ? 22 : i % 4 == 1 ? 0x80 : i % 4 == 2 ? 0x00 : random.Next(256));
            attacker.SendTo(junk.AsSpan(0, random.Next(1, junk.Length)), SocketFlags.None, node.UdpEndPoint);
        }

        attacker.SendTo(StrangerCheck(), SocketFlags.None, node.UdpEndPoint);
        await Eventually.TrueAsync(() => node.Udp.DroppedDatagrams >= 150, TimeSpan.FromSeconds(5), "junk dropped");

        client.SendRtp(1, 0x99);
        await Eventually.TrueAsync(() => handler.Rtp.Count == 1, TimeSpan.FromSeconds(5), "the live peer still works");
        Assert.False(handler.Disconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task Removing_a_peer_sends_close_notify_and_stops_routing()
    {
        await using var node = await MediaTransportTestHost.StartAsync();
        var handler = new RecordingPeerHandler();
        var nodeCredentials = IceCredentials.Generate();
        await using var client = PeerHostClient.OverUdp(node.UdpEndPoint);
        var peer = node.Registry.Register(new PeerRegistration(nodeCredentials, client.Credentials.Ufrag, PeerHostClient.Fingerprint), handler);
        Assert.True((await client.ConnectAsync(nodeCredentials, node.Registry.LocalFingerprint)).Succeeded);

        node.Registry.Remove(peer);

        Assert.Equal(PeerDisconnectReason.Closed, await handler.Disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, node.Registry.PeerCount);
        client.SendRtp(1, 0x99);
        await Task.Delay(100);
        Assert.Empty(handler.Rtp);
    }

    [Theory]
    [InlineData(3000, 0)] // a frame longer than any packet we accept
    [InlineData(100, 8)]  // eight frames that are not an authenticated STUN check
    public async Task Ice_tcp_connections_that_misbehave_are_closed(int frameLength, int frames)
    {
        await using var node = await MediaTransportTestHost.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(node.TcpEndPoint);
        var frame = new byte[2 + Math.Min(frameLength, 200)];
        frame[0] = (byte)(frameLength >> 8);
        frame[1] = (byte)frameLength;
        frame[2] = 0x80;
        for (int i = 0; i < Math.Max(frames, 1); i++)
        {
            await socket.SendAsync(frame);
        }

        var buffer = new byte[16];
        int read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, read); // closed by the node
    }

    [Fact]
    public async Task Candidates_announce_the_bound_ports()
    {
        await using var node = await MediaTransportTestHost.StartAsync();

        var candidates = node.Registry.LocalCandidates;

        Assert.Contains(candidates, c => c.Protocol == TransportProtocol.Udp && c.Port == node.UdpEndPoint.Port
            && c.ToSdpCandidate("1").ToAttributeValue() == $"1 1 udp 2130706431 127.0.0.1 {node.UdpEndPoint.Port} typ host");
        Assert.Contains(candidates, c => c.Protocol == TransportProtocol.Tcp
            && c.ToSdpCandidate("2").ToAttributeValue().EndsWith($"127.0.0.1 {node.TcpEndPoint.Port} typ host tcptype passive", StringComparison.Ordinal));
        Assert.True(candidates.First(c => c.Protocol == TransportProtocol.Udp).ToSdpCandidate("1").Priority >
            candidates.First(c => c.Protocol == TransportProtocol.Tcp).ToSdpCandidate("2").Priority);
    }

    private static byte[] StrangerCheck()
    {
        var buffer = new byte[StunConstants.MaxBuiltMessageLength];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        writer.AddUsername("nobodyhere:x");
        writer.AddPriority(1);
        writer.AddMessageIntegrity("0123456789012345678901"u8);
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }

    private static uint ReadSsrc(byte[] rtp) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(8));
}

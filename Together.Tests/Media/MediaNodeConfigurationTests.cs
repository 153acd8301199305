using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Together.MediaNode;
using Together.MediaNode.Host;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;
using Together.Tests.Media.Transport;

namespace Together.Tests.Media;

/// <summary>The Media section is the only one an operator sets: it reaches the transport and the node's meter.</summary>
public sealed class MediaNodeConfigurationTests
{
    [Fact]
    public async Task Media_keys_configure_the_transport_and_both_public_addresses_are_announced()
    {
        await using var node = await MediaNodeTestHost.StartAsync(o =>
        {
            o.PublicAddress = "192.0.2.7, 2001:db8::7";
            o.BindAddress = "::";
            o.HandshakeTimeout = TimeSpan.FromSeconds(4);
        });
        var registry = node.Services.GetRequiredService<IPeerTransportRegistry>();
        var context = node.Services.GetRequiredService<PeerTransportContext>();

        var announced = registry.LocalCandidates.Select(c => (c.Protocol, c.Address)).ToList();

        Assert.Equal(
            [
                (TransportProtocol.Udp, IPAddress.Parse("192.0.2.7")), (TransportProtocol.Udp, IPAddress.Parse("2001:db8::7")),
                (TransportProtocol.Tcp, IPAddress.Parse("192.0.2.7")), (TransportProtocol.Tcp, IPAddress.Parse("2001:db8::7")),
            ],
            announced);
        Assert.Equal(TimeSpan.FromSeconds(4), context.DtlsOptions.HandshakeTimeout);
    }

    [Fact]
    public async Task Forged_and_replayed_srtp_over_udp_show_on_the_node_meter()
    {
        await using var node = await MediaNodeTestHost.StartAsync(o => o.BindAddress = "127.0.0.1");
        using var meter = new MeterReader(node.Services.GetRequiredService<MediaNodeMetrics>().Meter);
        var registry = node.Services.GetRequiredService<PeerTransportRegistry>();
        var nodeCredentials = IceCredentials.Generate();
        await using var client = PeerHostClient.OverUdp(registry.UdpEndPoint!);
        var handler = new RecordingPeerHandler();
        var peer = registry.Register(new PeerRegistration(nodeCredentials, client.Credentials.Ufrag, PeerHostClient.Fingerprint), handler);
        var result = await client.ConnectAsync(nodeCredentials, registry.LocalFingerprint);
        Assert.True(result.Succeeded, result.Failure);
        await handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var packets = client.PrepareRtp(2, 0xABCD);
        var forged = packets[1].ToArray();
        forged[^1] ^= 0x01;

        client.SendRaw(packets[0]);
        client.SendRaw(packets[0]);
        client.SendRaw(forged);
        client.SendRaw(packets[1]);

        await Eventually.TrueAsync(() => handler.Rtp.Count == 2 && peer.SrtpAuthenticationFailures == 1,
            TimeSpan.FromSeconds(5), "two packets delivered, one forgery refused");
        Assert.Equal(1, peer.SrtpReplaysRejected);
        Assert.Equal(1, meter.Read("together.media.srtp.auth_failures", "rtp"));
        Assert.Equal(1, meter.Read("together.media.srtp.replays", "rtp"));
        Assert.Equal(0, meter.Read("together.media.srtp.auth_failures", "rtcp"));
    }

    [Fact]
    public async Task Two_nodes_in_one_process_each_report_their_own_participants()
    {
        await using var busy = await MediaNodeTestHost.StartAsync();
        await using var idle = await MediaNodeTestHost.StartAsync();
        using var busyMeter = new MeterReader(busy.Services.GetRequiredService<MediaNodeMetrics>().Meter);
        using var idleMeter = new MeterReader(idle.Services.GetRequiredService<MediaNodeMetrics>().Meter);
        await using var client = await SignalingClient.ConnectAsync(busy.SignalingUri(busy.Tokens.Issue("alice", "room")));

        await client.SendAsync("offer", new { sdp = Transport.Sdp.SdpTestData.Read("chromium-offer.sdp") });
        await client.ReceiveOpAsync("answer");

        Assert.Equal(1, busyMeter.Read("together.media.participants", null));
        Assert.Equal(0, idleMeter.Read("together.media.participants", null));
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Together.MediaNode;
using Together.MediaNode.Host;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;

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
    public async Task The_node_meter_reports_the_transports_srtp_refusals()
    {
        await using var node = await MediaNodeTestHost.StartAsync();
        var refusals = node.Services.GetRequiredService<PeerTransportContext>().SrtpRefusals;
        using var meter = new MeterReader(node.Services.GetRequiredService<MediaNodeMetrics>().Meter);

        refusals.RtpAuthenticationFailed();
        refusals.RtcpReplayRejected();

        Assert.Equal(1, meter.Read("together.media.srtp.auth_failures", "rtp"));
        Assert.Equal(0, meter.Read("together.media.srtp.auth_failures", "rtcp"));
        Assert.Equal(1, meter.Read("together.media.srtp.replays", "rtcp"));
    }
}

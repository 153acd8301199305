using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Together.MediaNode;
using Together.MediaNode.Host;
using Together.MediaNode.Signaling;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Srtp;

namespace Together.Tests.Media;

public sealed class MediaNodeOptionsTests
{
    [Theory]
    [InlineData(null, "127.0.0.1", "Media:TokenPublicKey is required")]
    [InlineData("not a pem", "127.0.0.1", "not a PEM SubjectPublicKeyInfo holding a P-256 key")]
    [InlineData("valid", "media.example.org", "Media:PublicAddress 'media.example.org' is not an IP address")]
    [InlineData("valid", "192.0.2.1, nope", "Media:PublicAddress 'nope' is not an IP address")]
    [InlineData("valid", " , ", "Media:PublicAddress names no address")]
    public async Task A_node_refuses_to_start_with_a_bad_configuration(string? key, string publicAddress, string expected)
    {
        using var tokens = VoiceTokenIssuer.WithNewKey();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var node = await MediaNodeTestHost.StartAsync(o =>
            {
                o.TokenPublicKey = key == "valid" ? tokens.PublicKeyPem : key;
                o.PublicAddress = publicAddress;
            });
        });

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_P384_key_is_refused()
    {
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var node = await MediaNodeTestHost.StartAsync(o => o.TokenPublicKey = p384.ExportSubjectPublicKeyInfoPem());
        });

        Assert.Contains("P-256", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_control_key_is_refused()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var node = await MediaNodeTestHost.StartAsync(o => o.ControlApiKey = "short");
        });

        Assert.Contains("at least 16 characters", failure.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Action<MediaNodeOptions>, string> RejectedValues => new()
    {
        { o => o.MaxConcurrentHandshakes = 0, "Media:MaxConcurrentHandshakes must be between 1 and 1024" },
        { o => o.MaxConcurrentHandshakes = 1025, "Media:MaxConcurrentHandshakes must be between 1 and 1024" },
        { o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(500), "Media:HandshakeTimeout must be between 00:00:01 and 00:01:00" },
        { o => o.HandshakeTimeout = TimeSpan.FromMinutes(2), "Media:HandshakeTimeout must be between 00:00:01 and 00:01:00" },
        { o => o.UdpPort = -1, "Media:UdpPort must be between 0 and 65535" },
        { o => o.UdpPort = 65536, "Media:UdpPort must be between 0 and 65535" },
        { o => o.TcpPort = -1, "Media:TcpPort must be between 0 and 65535" },
        { o => o.TcpPort = 65536, "Media:TcpPort must be between 0 and 65535" },
        { o => o.MaxParticipantsPerRoom = 0, "Media:MaxParticipantsPerRoom must be between 1 and 10000" },
        { o => o.MaxSignalingMessageBytes = 100, "Media:MaxSignalingMessageBytes must be between 1024 and 1048576" },
        { o => o.BindAddress = "", "Media:BindAddress is required" },
        { o => o.BindAddress = "localhost", "Media:BindAddress 'localhost' is not an IP address" },
        { o => o.PublicAddress = "", "Media:PublicAddress names no address" },
        { o => o.SrtpProfiles = [], "Media:SrtpProfiles names no profile" },
    };

    [Theory]
    [MemberData(nameof(RejectedValues))]
    public async Task Each_out_of_range_setting_stops_the_node_naming_its_key(Action<MediaNodeOptions> configure, string expected)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var node = await MediaNodeTestHost.StartAsync(configure);
        });

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshakes_above_the_cap_in_configuration_stop_the_node_instead_of_being_clamped()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var node = await MediaNodeTestHost.StartAsync(
                settings: new Dictionary<string, string?> { ["Media:MaxConcurrentHandshakes"] = "2000" });
        });

        Assert.Contains("Media:MaxConcurrentHandshakes must be between 1 and 1024", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_reaches_the_transport_unchanged()
    {
        await using var node = await MediaNodeTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:MaxConcurrentHandshakes"] = "1024",
            ["Media:SrtpProfiles:0"] = "AesCm128HmacSha1_80",
        });

        var context = node.Services.GetRequiredService<PeerTransportContext>();
        Assert.Equal(1024, context.HandshakeGate.Available);
        Assert.Equal([SrtpProfile.AesCm128HmacSha1_80], context.DtlsOptions.SrtpProfiles);
    }

    [Fact]
    public async Task ICE_TCP_can_be_turned_off()
    {
        await using var node = await MediaNodeTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Media:IceTcp"] = "false" });

        var registry = node.Services.GetRequiredService<IPeerTransportRegistry>();
        Assert.All(registry.LocalCandidates, c => Assert.Equal(TransportProtocol.Udp, c.Protocol));
        Assert.NotEmpty(registry.LocalCandidates);
        Assert.Null(node.Services.GetRequiredService<IceTcpListener>().LocalEndPoint);
    }
}

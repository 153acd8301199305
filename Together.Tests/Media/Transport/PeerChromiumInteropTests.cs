using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Together.MediaNode.Host;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Sdp;
using Together.MediaNode.Transport.Srtp;
using Together.Tests.Media.Browser;
using Xunit.Abstractions;

namespace Together.Tests.Media.Transport;

/// <summary>
/// The interop truth: Debian's real Chromium sends its fake microphone through our UDP host. Chromium offers, we
/// answer ice-lite / setup:passive with the SDP answerer (transport only, no SFU), and the test checks that Chromium reaches
/// "connected" and that its SRTP decrypts here. What Chromium offered is written to the test output.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PeerChromiumInteropTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string PageUrl = "http://127.0.0.1:9/transport-interop.html";

    private const string PageHtml = """
        <!doctype html><meta charset="utf-8"><title>transport interop</title>
        <script>
        window.offer = async () => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
          window.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
          stream.getTracks().forEach(t => pc.addTrack(t, stream));
          await pc.setLocalDescription(await pc.createOffer());
          return pc.localDescription.sdp;
        };
        window.answer = sdp => pc.setRemoteDescription({ type: 'answer', sdp });
        window.connectionState = () => pc.connectionState;
        window.transportStats = async () => {
          const picked = [];
          (await pc.getStats()).forEach(s => { if (s.type === 'transport' || s.type === 'outbound-rtp') picked.push(s); });
          return JSON.stringify(picked);
        };
        </script>
        """;

    [Theory]
    [InlineData(TransportProtocol.Udp, SrtpProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM")]
    [InlineData(TransportProtocol.Udp, SrtpProfile.AesCm128HmacSha1_80, "SRTP_AES128_CM_HMAC_SHA1_80")]
    [InlineData(TransportProtocol.Tcp, SrtpProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM")]
    public async Task Chromium_connects_through_our_host_and_its_srtp_decrypts(TransportProtocol path, SrtpProfile accepted,
        string chromiumCipherName)
    {
        await using var node = await MediaTransportTestHost.StartAsync("0.0.0.0", o => o.SrtpProfiles = [accepted]);
        var page = await chromium.Browser.NewPageAsync();
        await page.RouteAsync(PageUrl, route => route.FulfillAsync(new() { ContentType = "text/html", Body = PageHtml }));
        await page.GotoAsync(PageUrl);

        string offer = await page.EvaluateAsync<string>("() => window.offer()");
        var credentials = IceCredentials.Generate();
        var handler = new CountingHandler();
        var negotiation = Answer(offer, credentials, node.Registry, path);
        Assert.True(DtlsFingerprint.TryParse($"{negotiation.Remote.FingerprintAlgorithm} {negotiation.Remote.Fingerprint}",
            out var browserFingerprint));
        var peer = node.Registry.Register(new PeerRegistration(credentials, negotiation.Remote.IceUfrag, browserFingerprint!), handler);
        int opus = negotiation.Media[0].OpusPayloadType;

        await page.EvaluateAsync("sdp => window.answer(sdp)", negotiation.Local.ToString());

        var profile = await handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => handler.RtpPackets >= 25, TimeSpan.FromSeconds(10), "25 SRTP packets from Chromium decrypted");
        string state = await page.EvaluateAsync<string>("() => window.connectionState()");
        var stats = JsonDocument.Parse(await page.EvaluateAsync<string>("() => window.transportStats()")).RootElement;
        var transport = stats.EnumerateArray().First(s => s.GetProperty("type").GetString() == "transport");
        Record(offer, peer, transport, handler);

        Assert.Equal("connected", state);
        Assert.Equal(accepted, profile);
        Assert.Equal(path, peer.SelectedEndpoint?.Protocol);
        Assert.Equal(opus, handler.LastPayloadType);
        Assert.Equal(0, handler.RtpWithoutPayload);
        Assert.Equal("FEFD", transport.GetProperty("tlsVersion").GetString());
        Assert.Equal(chromiumCipherName, transport.GetProperty("srtpCipher").GetString());
        var summary = peer.HandshakeSummary!;
        Assert.Equal("DTLS 1.2", summary.NegotiatedVersion);
        Assert.Contains((int)SrtpProfile.AeadAes128Gcm, summary.OfferedSrtpProfiles);
        Assert.Contains((int)SrtpProfile.AesCm128HmacSha1_80, summary.OfferedSrtpProfiles);
        await page.CloseAsync();
    }

    /// <summary>Answers with media-crypto's SDP answerer, offering only the candidates of the path under test.</summary>
    private static SdpNegotiation Answer(string offer, IceCredentials credentials, PeerTransportRegistry registry, TransportProtocol path)
    {
        var candidates = registry.LocalCandidates.Where(c => c.Protocol == path)
            .Select((c, i) => c.ToSdpCandidate((i + 1).ToString(CultureInfo.InvariantCulture))).ToList();
        var local = new SdpLocalTransport(credentials.Ufrag, credentials.Password, registry.LocalFingerprint.Value, candidates,
            SessionId: 4611731400430051336);
        Assert.True(SdpAnswerer.TryCreateAnswer(SessionDescription.Parse(offer), local, 1, null, out var negotiation, out var error), error);
        return negotiation;
    }

    private void Record(string offer, PeerTransport peer, JsonElement transport, CountingHandler handler)
    {
        var summary = peer.HandshakeSummary!;
        output.WriteLine($"Chromium offer: {offer.Length} bytes; m-lines: {Regex.Count(offer, "^m=", RegexOptions.Multiline)}");
        output.WriteLine($"DTLS offered versions: {string.Join(", ", summary.OfferedVersions)}");
        output.WriteLine($"use_srtp offered: {string.Join(", ", summary.OfferedSrtpProfiles.Select(p => $"0x{p:X4}"))}");
        output.WriteLine($"First-flight datagrams (ClientHello): {string.Join(" + ", summary.FirstFlightDatagramSizes)} bytes");
        output.WriteLine($"Negotiated: {summary.NegotiatedVersion}, suite 0x{summary.CipherSuite:X4}, group {summary.NamedGroup}, " +
            $"handshake {summary.Duration.TotalMilliseconds:F1} ms (first DTLS datagram to Accept returning)");
        output.WriteLine($"DTLS timeline: {string.Join(", ", summary.Timeline)}");
        output.WriteLine($"Selected path: {peer.SelectedEndpoint}; SRTP: {peer.Profile}; RTP decrypted: {handler.RtpPackets}; " +
            $"RTCP decrypted: {handler.RtcpPackets}; SRTP held before keys: {peer.EarlyPacketsHeld}");
        output.WriteLine($"Chromium getStats transport: {transport}");
    }

    private sealed class CountingHandler : IPeerTransportHandler
    {
        private int _rtp;
        private int _rtcp;

        public TaskCompletionSource<SrtpProfile> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int RtpPackets => Volatile.Read(ref _rtp);

        public int RtcpPackets => Volatile.Read(ref _rtcp);

        public int LastPayloadType { get; private set; } = -1;

        public int RtpWithoutPayload { get; private set; }

        public void OnConnected(PeerTransport peer, SrtpProfile profile) => Connected.TrySetResult(profile);

        public void OnDisconnected(PeerTransport peer, PeerDisconnectReason reason, string? detail) =>
            Connected.TrySetException(new InvalidOperationException($"{reason}: {detail}"));

        public void OnRtp(PeerTransport peer, Span<byte> packet)
        {
            LastPayloadType = packet[1] & 0x7F;
            if (packet.Length <= 12)
            {
                RtpWithoutPayload++;
            }

            Interlocked.Increment(ref _rtp);
        }

        public void OnRtcp(PeerTransport peer, Span<byte> packet) => Interlocked.Increment(ref _rtcp);
    }
}

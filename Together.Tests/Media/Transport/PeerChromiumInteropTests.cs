using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Together.MediaNode.Host;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Srtp;
using Together.Tests.Media.Browser;
using Xunit.Abstractions;

namespace Together.Tests.Media.Transport;

/// <summary>
/// The interop truth: Debian's real Chromium sends its fake microphone through our UDP host. Chromium offers, we
/// answer ice-lite / setup:passive by hand (transport only, no SFU), and the test checks that Chromium reaches
/// "connected" and that its SRTP decrypts here. What Chromium offered is written to the test output.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PeerChromiumInteropTests(ChromiumFixture chromium, ITestOutputHelper output)
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

    [Fact]
    public async Task Chromium_connects_through_the_udp_host_and_its_srtp_decrypts()
    {
        await using var node = await MediaTransportTestHost.StartAsync("0.0.0.0");
        var page = await chromium.Browser.NewPageAsync();
        await page.RouteAsync(PageUrl, route => route.FulfillAsync(new() { ContentType = "text/html", Body = PageHtml }));
        await page.GotoAsync(PageUrl);

        string offer = await page.EvaluateAsync<string>("() => window.offer()");
        var credentials = IceCredentials.Generate();
        var handler = new CountingHandler();
        Assert.True(DtlsFingerprint.TryParse(Attribute(offer, "fingerprint"), out var browserFingerprint));
        var peer = node.Registry.Register(new PeerRegistration(credentials, Attribute(offer, "ice-ufrag"), browserFingerprint!), handler);
        int opus = int.Parse(OpusPayloadType().Match(offer).Groups[1].Value, CultureInfo.InvariantCulture);

        await page.EvaluateAsync("sdp => window.answer(sdp)", Answer(offer, credentials, node.Registry, opus));

        var profile = await handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => handler.RtpPackets >= 25, TimeSpan.FromSeconds(10), "25 SRTP packets from Chromium decrypted");
        string state = await page.EvaluateAsync<string>("() => window.connectionState()");
        var stats = JsonDocument.Parse(await page.EvaluateAsync<string>("() => window.transportStats()")).RootElement;
        var transport = stats.EnumerateArray().First(s => s.GetProperty("type").GetString() == "transport");
        Record(offer, peer, transport, handler);

        Assert.Equal("connected", state);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, profile);
        Assert.Equal(opus, handler.LastPayloadType);
        Assert.Equal(0, handler.RtpWithoutPayload);
        Assert.Equal("FEFD", transport.GetProperty("tlsVersion").GetString());
        Assert.Equal("SRTP_AEAD_AES_128_GCM", transport.GetProperty("srtpCipher").GetString());
        var summary = peer.HandshakeSummary!;
        Assert.Equal("DTLS 1.2", summary.NegotiatedVersion);
        Assert.Contains((int)SrtpProfile.AeadAes128Gcm, summary.OfferedSrtpProfiles);
        await page.CloseAsync();
    }

    private static string Answer(string offer, IceCredentials credentials, PeerTransportRegistry registry, int opus)
    {
        var sdp = new StringBuilder();
        void Line(string line) => sdp.Append(line).Append("\r\n");
        string mid = Attribute(offer, "mid");
        Line("v=0");
        Line("o=- 4611731400430051336 2 IN IP4 127.0.0.1");
        Line("s=-");
        Line("t=0 0");
        Line($"a=group:BUNDLE {mid}");
        Line("a=ice-lite");
        Line($"m=audio 9 UDP/TLS/RTP/SAVPF {opus}");
        Line("c=IN IP4 0.0.0.0");
        Line($"a=ice-ufrag:{credentials.Ufrag}");
        Line($"a=ice-pwd:{credentials.Password}");
        Line($"a=fingerprint:{registry.LocalFingerprint}");
        Line("a=setup:passive");
        Line($"a=mid:{mid}");
        Line("a=recvonly");
        Line("a=rtcp-mux");
        Line($"a=rtpmap:{opus} opus/48000/2");
        Line($"a=fmtp:{opus} minptime=10;useinbandfec=1");
        int foundation = 1;
        foreach (var candidate in registry.LocalCandidates)
        {
            Line($"a=candidate:{candidate.ToSdpValue(foundation++)}");
        }

        Line("a=end-of-candidates");
        return sdp.ToString();
    }

    private static string Attribute(string sdp, string name) =>
        Regex.Match(sdp, $"^a={Regex.Escape(name)}:(.+?)\\r?$", RegexOptions.Multiline).Groups[1].Value;

    private void Record(string offer, PeerTransport peer, JsonElement transport, CountingHandler handler)
    {
        var summary = peer.HandshakeSummary!;
        output.WriteLine($"Chromium offer: {offer.Length} bytes; m-lines: {Regex.Count(offer, "^m=", RegexOptions.Multiline)}");
        output.WriteLine($"DTLS offered versions: {string.Join(", ", summary.OfferedVersions)}");
        output.WriteLine($"use_srtp offered: {string.Join(", ", summary.OfferedSrtpProfiles.Select(p => $"0x{p:X4}"))}");
        output.WriteLine($"First-flight datagrams (ClientHello): {string.Join(" + ", summary.FirstFlightDatagramSizes)} bytes");
        output.WriteLine($"Negotiated: {summary.NegotiatedVersion}, suite 0x{summary.CipherSuite:X4}, group {summary.NamedGroup}, " +
            $"handshake {summary.Duration.TotalMilliseconds:F1} ms (first DTLS datagram to Accept returning)");
        output.WriteLine($"Selected path: {peer.SelectedEndpoint}; SRTP: {peer.Profile}; RTP decrypted: {handler.RtpPackets}; " +
            $"RTCP decrypted: {handler.RtcpPackets}");
        output.WriteLine($"Chromium getStats transport: {transport}");
    }

    [GeneratedRegex(@"^a=rtpmap:(\d+) opus/48000/2", RegexOptions.Multiline)]
    private static partial Regex OpusPayloadType();

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

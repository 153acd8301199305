using Together.MediaNode.Transport.Rtp;
using Together.MediaNode.Transport.Sdp;

namespace Together.Tests.Media.Transport.Sdp;

public sealed class SdpAnswererTests
{
    private const string Fingerprint =
        "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    /// <summary>Chromium 156 accepted exactly this answer (setRemoteDescription resolved, transceiver 0 sendrecv).</summary>
    [Fact]
    public void The_answer_to_a_real_chromium_offer_has_exactly_these_lines()
    {
        var negotiation = SdpTestData.AnswerChromiumOffer();

        Assert.Equal(
            [
                "v=0",
                "o=- 1234567890 1 IN IP4 0.0.0.0",
                "s=-",
                "t=0 0",
                "a=ice-lite",
                "a=group:BUNDLE 0",
                "a=extmap-allow-mixed",
                "a=msid-semantic: WMS *",
                "m=audio 40000 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 127.0.0.1",
                "a=ice-ufrag:Tgth",
                "a=ice-pwd:TogetherTestPassword0123",
                "a=fingerprint:sha-256 " + Fingerprint,
                "a=setup:passive",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host",
                "a=candidate:2 1 tcp 2124414975 127.0.0.1 40001 typ host tcptype passive",
                "a=end-of-candidates",
                "a=mid:0",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendrecv",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1",
            ],
            SdpTestData.LinesOf(negotiation.Local));
    }

    [Fact]
    public void The_negotiation_tells_what_the_transport_and_the_sfu_need()
    {
        var offer = SdpTestData.ChromiumOffer();

        var negotiation = SdpTestData.AnswerChromiumOffer();

        var audio = Assert.Single(negotiation.Media);
        Assert.Equal(("0", true, SdpDirection.SendRecv, (byte)111), (audio.Mid, audio.Accepted, audio.LocalDirection, audio.OpusPayloadType));
        Assert.Equal(new RtpExtensionIds(AudioLevel: 1, Mid: 4), audio.Extensions);
        Assert.Equal(offer.Media[0].GetSsrcs(), audio.RemoteSsrcs);
        Assert.False(audio.IsNodeSlot);
        Assert.Equal(offer.Media[0].GetAttribute("ice-ufrag"), negotiation.Remote.IceUfrag);
        Assert.Equal(offer.Media[0].GetAttribute("ice-pwd"), negotiation.Remote.IcePwd);
        Assert.Equal("sha-256", negotiation.Remote.FingerprintAlgorithm);
        Assert.Equal(offer.Media[0].GetAttribute("fingerprint")!["sha-256 ".Length..], negotiation.Remote.Fingerprint);
    }

    /// <summary>Chromium 156 accepted this answer too: video and the data channel refused, audio bundled alone.</summary>
    [Fact]
    public void Video_and_data_channel_m_lines_are_refused_with_port_0_keeping_order_and_mids()
    {
        var offer = SessionDescription.Parse(SdpTestData.Read("chromium-offer-audio-video-data.sdp"));

        Assert.True(SdpAnswerer.TryCreateAnswer(offer, SdpTestData.Local, 1, null, out var negotiation, out var error), error);

        var answer = negotiation.Local;
        Assert.Equal(["0"], answer.BundleMids);
        Assert.Equal(["0", "1", "2"], answer.Media.Select(media => media.Mid));
        Assert.Equal(["audio", "video", "application"], answer.Media.Select(media => media.Media));
        Assert.Equal([40000, 0, 0], answer.Media.Select(media => media.Port));
        Assert.Equal(offer.Media[1].Formats, answer.Media[1].Formats);
        Assert.Equal(["c=IN IP4 0.0.0.0", "a=mid:1"], answer.Media[1].Lines.Select(line => line.ToString()));
        Assert.Equal("UDP/DTLS/SCTP", answer.Media[2].Protocol);
        Assert.Equal([true, false, false], negotiation.Media.Select(media => media.Accepted));
    }

    // Written by hand in Firefox's layout (no Firefox on these machines): fingerprint and ice-options at session
    // level, Opus as 109, an extmap with a direction, no rtcp-rsize, mid "0".
    private const string FirefoxStyleOffer =
        "v=0\r\n"
        + "o=mozilla...THIS_IS_SDPARTA-99.0 4294967296 0 IN IP4 0.0.0.0\r\n"
        + "s=-\r\n"
        + "t=0 0\r\n"
        + "a=fingerprint:sha-256 9F:3B:7C:1A:22:0D:5E:41:8B:6C:90:AA:13:77:EE:02:51:C4:D8:36:FA:0B:19:62:85:3E:C1:7D:44:A9:20:6B\r\n"
        + "a=group:BUNDLE 0\r\n"
        + "a=ice-options:trickle\r\n"
        + "a=msid-semantic:WMS *\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101\r\n"
        + "c=IN IP4 0.0.0.0\r\n"
        + "a=sendrecv\r\n"
        + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
        + "a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level\r\n"
        + "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
        + "a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1\r\n"
        + "a=fmtp:101 0-15\r\n"
        + "a=ice-pwd:0b5c2c7c3d0e9e4b1f6a8d2c4e6f8a0b\r\n"
        + "a=ice-ufrag:6a1f2b3c\r\n"
        + "a=mid:0\r\n"
        + "a=msid:{5b2c8a9e-1d3f-4e6a-9b7c-2d4e6f8a0b1c} {8c9d0e1f-2a3b-4c5d-6e7f-8a9b0c1d2e3f}\r\n"
        + "a=rtcp-mux\r\n"
        + "a=rtpmap:109 opus/48000/2\r\n"
        + "a=rtpmap:9 G722/8000/1\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000/1\r\n"
        + "a=setup:actpass\r\n"
        + "a=ssrc:3735928559 cname:{0e1f2a3b-4c5d-6e7f-8a9b-0c1d2e3f4a5b}\r\n";

    [Fact]
    public void A_firefox_style_offer_with_session_level_fingerprint_is_answered()
    {
        Assert.True(SdpAnswerer.TryCreateAnswer(SessionDescription.Parse(FirefoxStyleOffer), SdpTestData.Local, 1, null, out var negotiation, out var error), error);

        var lines = SdpTestData.LinesOf(negotiation.Local);
        Assert.Contains("m=audio 40000 UDP/TLS/RTP/SAVPF 109", lines);
        Assert.Contains("a=fmtp:109 minptime=10;useinbandfec=1;usedtx=1", lines);
        Assert.DoesNotContain("a=rtcp-rsize", lines);
        Assert.DoesNotContain("a=extmap-allow-mixed", lines);
        Assert.Equal(
            ["a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid"],
            lines.Where(line => line.StartsWith("a=extmap:", StringComparison.Ordinal)));
        Assert.Equal(new RtpExtensionIds(1, 3), negotiation.Media[0].Extensions);
        Assert.Equal([3735928559u], negotiation.Media[0].RemoteSsrcs);
        Assert.Equal(("6a1f2b3c", "sha-256"), (negotiation.Remote.IceUfrag, negotiation.Remote.FingerprintAlgorithm));
        Assert.StartsWith("9F:3B:7C", negotiation.Remote.Fingerprint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sendrecv", "sendrecv")]
    [InlineData("recvonly", "sendonly")]
    [InlineData("sendonly", "recvonly")]
    [InlineData("inactive", "inactive")]
    public void The_direction_is_mirrored(string offered, string answered)
    {
        var offer = Modified(text => text.Replace("a=sendrecv", "a=" + offered, StringComparison.Ordinal));

        Assert.True(SdpAnswerer.TryCreateAnswer(offer, SdpTestData.Local, 1, null, out var negotiation, out _));

        Assert.Contains("a=" + answered, SdpTestData.LinesOf(negotiation.Local));
    }

    [Fact]
    public void Only_opus_and_the_two_extensions_are_answered_with_the_offer_ids()
    {
        var offer = Modified(text => text
            .Replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:9 urn:ietf:params:rtp-hdrext:ssrc-audio-level", StringComparison.Ordinal)
            .Replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:12 urn:ietf:params:rtp-hdrext:sdes:mid", StringComparison.Ordinal)
            .Replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:109 opus/48000/2", StringComparison.Ordinal)
            .Replace("UDP/TLS/RTP/SAVPF 111 63", "UDP/TLS/RTP/SAVPF 109 63", StringComparison.Ordinal));

        Assert.True(SdpAnswerer.TryCreateAnswer(offer, SdpTestData.Local, 1, null, out var negotiation, out _));

        var lines = SdpTestData.LinesOf(negotiation.Local);
        Assert.Contains("m=audio 40000 UDP/TLS/RTP/SAVPF 109", lines);
        Assert.Contains("a=rtpmap:109 opus/48000/2", lines);
        Assert.Equal(
            ["a=extmap:9 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:12 urn:ietf:params:rtp-hdrext:sdes:mid"],
            lines.Where(line => line.StartsWith("a=extmap:", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, line => line.Contains("transport-cc", StringComparison.Ordinal) || line.Contains("red/", StringComparison.Ordinal));
        Assert.Single(lines, line => line.StartsWith("a=rtpmap:", StringComparison.Ordinal));
    }

    [Fact]
    public void Ipv6_and_tcp_only_candidates_set_the_default_address()
    {
        var local = SdpTestData.Local with { Candidates = [SdpCandidate.HostTcpPassive("7", "::1", 443), SdpCandidate.HostUdp("8", "::1", 3478)] };

        Assert.True(SdpAnswerer.TryCreateAnswer(SdpTestData.ChromiumOffer(), local, 1, null, out var negotiation, out _));

        var lines = SdpTestData.LinesOf(negotiation.Local);
        Assert.Contains("m=audio 3478 UDP/TLS/RTP/SAVPF 111", lines);
        Assert.Contains("c=IN IP6 ::1", lines);
        Assert.Contains("a=candidate:7 1 tcp 2124414975 ::1 443 typ host tcptype passive", lines);
    }

    [Theory]
    [InlineData("a=group:BUNDLE 0", "", "BUNDLE")]
    [InlineData("a=setup:actpass", "a=setup:passive", "passive")]
    [InlineData("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus/48000/1", "Opus")]
    [InlineData("a=rtcp-mux\r\n", "", "rtcp-mux")]
    [InlineData("a=mid:0", "", "mid")]
    [InlineData("a=mid:0", "a=mid:zero zero", "mid")]
    [InlineData("a=mid:0", "a=mid:<0>", "mid")]
    [InlineData("a=ice-ufrag:", "a=x-ice-ufrag:", "ice-ufrag")]
    [InlineData("a=fingerprint:", "a=x-fingerprint:", "fingerprint")]
    public void Offers_the_node_cannot_serve_are_refused_with_a_reason(string find, string replace, string reason)
    {
        var offer = Modified(text => text.Replace(find, replace, StringComparison.Ordinal));

        Assert.False(SdpAnswerer.TryCreateAnswer(offer, SdpTestData.Local, 1, null, out var negotiation, out var error));

        Assert.Null(negotiation);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundled_m_lines_with_different_fingerprints_are_refused()
    {
        // A second audio m-line in the BUNDLE group (in place of the video one) claiming another certificate.
        var text = SdpTestData.Read("chromium-offer-audio-video-data.sdp");
        var offer = SessionDescription.Parse(text);
        var impostor = SessionDescription.Parse(text).Media[0];
        impostor.Lines.RemoveAll(line => line.IsAttribute && line.AttributeName is "mid" or "fingerprint");
        impostor.Lines.Add(SdpLine.Attribute("mid", "1"));
        impostor.Lines.Add(SdpLine.Attribute("fingerprint", "sha-256 00:11"));
        offer.Media[1] = impostor;

        Assert.False(SdpAnswerer.TryCreateAnswer(offer, SdpTestData.Local, 1, null, out _, out var error));

        Assert.Contains("disagree", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "TogetherTestPassword0123", "AA:BB")]
    [InlineData("Tgth", "tooShortPassword", "AA:BB")]
    [InlineData("Tgth", "TogetherTestPassword0123", "AA:BB")]
    [InlineData("Tg th", "TogetherTestPassword0123", "AA:BB")]
    public void Invalid_local_parameters_are_a_programming_error(string ufrag, string pwd, string fingerprint)
    {
        var valid = SdpTestData.Local;
        var local = valid with
        {
            IceUfrag = ufrag,
            IcePwd = pwd,
            FingerprintSha256 = ufrag == valid.IceUfrag && pwd == valid.IcePwd ? fingerprint : valid.FingerprintSha256,
        };

        Assert.Throws<ArgumentException>(() => SdpAnswerer.TryCreateAnswer(SdpTestData.ChromiumOffer(), local, 1, null, out _, out _));
    }

    private static SessionDescription Modified(Func<string, string> edit) =>
        SessionDescription.Parse(edit(SdpTestData.Read("chromium-offer.sdp")));
}

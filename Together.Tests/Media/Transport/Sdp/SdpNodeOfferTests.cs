using Together.MediaNode.Transport.Rtp;
using Together.MediaNode.Transport.Sdp;

namespace Together.Tests.Media.Transport.Sdp;

/// <summary>
/// Replays a real renegotiation with Chromium 156: two speakers added, one leaves (inactive), a third reuses
/// its m-line. The stored answers are what Chromium returned to exactly these node offers.
/// </summary>
public sealed class SdpNodeOfferTests
{
    private static readonly SdpSpeakerSlot[][] Steps =
    [
        [new("s1", SdpTestData.SpeakerA), new("s2", SdpTestData.SpeakerB)],
        [new("s1", null), new("s2", SdpTestData.SpeakerB)],
        [new("s1", SdpTestData.SpeakerC), new("s2", SdpTestData.SpeakerB)],
    ];

    private static (SdpPendingOffer Offer, SdpNegotiation Applied) Step(SdpNegotiation current, int step)
    {
        Assert.True(SdpNodeOffer.TryCreate(current, SdpTestData.Local, Steps[step], out var offer, out var error), error);
        var answer = SessionDescription.Parse(SdpTestData.Read($"chromium-answer-to-node-offer-{step + 1}.sdp"));
        Assert.True(SdpNodeOffer.TryApplyAnswer(offer, answer, out var applied, out error), error);
        return (offer, applied);
    }

    [Fact]
    public void Adding_two_speakers_appends_sendonly_m_lines_announcing_their_ssrcs()
    {
        var (offer, applied) = Step(SdpTestData.AnswerChromiumOffer(), 0);

        var sdp = offer.Offer;
        Assert.Equal("- 1234567890 2 IN IP4 0.0.0.0", sdp.Lines.Single(line => line.Type == 'o').Value);
        Assert.Equal(["0", "s1", "s2"], sdp.BundleMids);
        Assert.Equal(["0", "s1", "s2"], sdp.Media.Select(media => media.Mid));
        Assert.Equal(SdpTestData.LinesOf(SdpTestData.AnswerChromiumOffer().Local)[8..], SdpTestData.LinesOf(sdp)[8..25]);
        Assert.Equal(
            [
                "m=audio 40000 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 127.0.0.1",
                "a=ice-ufrag:Tgth",
                "a=ice-pwd:TogetherTestPassword0123",
                "a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
                "a=setup:passive",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host",
                "a=candidate:2 1 tcp 2124414975 127.0.0.1 40001 typ host tcptype passive",
                "a=end-of-candidates",
                "a=mid:s1",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:speaker-a track-a",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1",
                "a=ssrc:111111 cname:node-cname",
                "a=ssrc:111111 msid:speaker-a track-a",
            ],
            SdpTestData.LinesOf(sdp)[25..45]);

        Assert.Equal(
            [("0", SdpDirection.SendRecv, (uint?)null), ("s1", SdpDirection.SendOnly, 111111u), ("s2", SdpDirection.SendOnly, 222222u)],
            applied.Media.Select(media => (media.Mid, media.LocalDirection, media.Sending?.Ssrc)));
        Assert.All(applied.Media, media => Assert.Equal(new RtpExtensionIds(1, 4), media.Extensions));
        Assert.Equal([false, true, true], applied.Media.Select(media => media.IsNodeSlot));
        Assert.Single(applied.Media[0].RemoteSsrcs);
    }

    [Fact]
    public void A_speaker_leaving_makes_its_m_line_inactive_and_the_next_speaker_reuses_it()
    {
        var (_, first) = Step(SdpTestData.AnswerChromiumOffer(), 0);
        var (leftOffer, left) = Step(first, 1);
        var (reusedOffer, reused) = Step(left, 2);

        var inactive = leftOffer.Offer.Media[1];
        Assert.Equal(SdpDirection.Inactive, inactive.Direction);
        Assert.Empty(inactive.GetSsrcs());
        Assert.False(inactive.HasAttribute("msid"));
        Assert.Equal(40000, inactive.Port);
        Assert.Equal(["0", "s1", "s2"], leftOffer.Offer.BundleMids);
        Assert.Equal((SdpDirection.Inactive, (SdpSendingStream?)null), (left.Media[1].LocalDirection, left.Media[1].Sending));

        Assert.Equal(3, reusedOffer.Offer.Media.Count);
        Assert.Equal([333333u], reusedOffer.Offer.Media[1].GetSsrcs());
        Assert.Equal("speaker-c track-c", reusedOffer.Offer.Media[1].GetAttribute("msid"));
        Assert.Equal((SdpDirection.SendOnly, 333333u), (reused.Media[1].LocalDirection, reused.Media[1].Sending?.Ssrc));
        Assert.Equal(4ul, reused.SessionVersion);
    }

    [Fact]
    public void A_slot_the_client_answers_inactive_is_not_sent_on()
    {
        Assert.True(SdpNodeOffer.TryCreate(SdpTestData.AnswerChromiumOffer(), SdpTestData.Local, Steps[0], out var offer, out _));
        var text = SdpTestData.Read("chromium-answer-to-node-offer-1.sdp");
        var secondSection = text.IndexOf("a=mid:s1", StringComparison.Ordinal);
        var edited = text[..secondSection] + text[secondSection..].Replace("a=recvonly", "a=inactive", StringComparison.Ordinal);

        Assert.True(SdpNodeOffer.TryApplyAnswer(offer, SessionDescription.Parse(edited), out var applied, out _));

        Assert.All(applied.Media.Where(media => media.IsNodeSlot), media =>
        {
            Assert.Equal(SdpDirection.Inactive, media.LocalDirection);
            Assert.Null(media.Sending);
        });
    }

    [Fact]
    public void An_answer_with_other_m_lines_is_refused()
    {
        Assert.True(SdpNodeOffer.TryCreate(SdpTestData.AnswerChromiumOffer(), SdpTestData.Local, Steps[0], out var offer, out _));
        var answer = SessionDescription.Parse(SdpTestData.Read("chromium-answer-to-node-offer-1.sdp"));
        var reordered = SessionDescription.Parse(SdpTestData.Read("chromium-answer-to-node-offer-1.sdp"));
        (reordered.Media[1], reordered.Media[2]) = (reordered.Media[2], reordered.Media[1]);
        answer.Media.RemoveAt(2);

        Assert.False(SdpNodeOffer.TryApplyAnswer(offer, answer, out _, out var countError));
        Assert.False(SdpNodeOffer.TryApplyAnswer(offer, reordered, out _, out var midError));

        Assert.Contains("m-lines", countError, StringComparison.Ordinal);
        Assert.Contains("mid", midError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    [InlineData("two words")]
    public void Slot_mids_that_collide_or_are_invalid_are_refused(string mid)
    {
        Assert.False(SdpNodeOffer.TryCreate(SdpTestData.AnswerChromiumOffer(), SdpTestData.Local, [new(mid, SdpTestData.SpeakerA)], out _, out var error));

        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_later_client_offer_repeating_the_slots_is_answered_with_the_slot_streams()
    {
        var (_, first) = Step(SdpTestData.AnswerChromiumOffer(), 0);
        var clientReoffer = SessionDescription.Parse(SdpTestData.Read("chromium-answer-to-node-offer-1.sdp")
            .Replace("a=setup:active", "a=setup:actpass", StringComparison.Ordinal));
        var slots = new Dictionary<string, SdpSendingStream?> { ["s1"] = null, ["s2"] = SdpTestData.SpeakerB };

        Assert.True(SdpAnswerer.TryCreateAnswer(clientReoffer, SdpTestData.Local, first.SessionVersion + 1, slots, out var negotiation, out var error), error);

        Assert.Equal(
            [("0", SdpDirection.SendRecv, (uint?)null, false), ("s1", SdpDirection.Inactive, null, true), ("s2", SdpDirection.SendOnly, 222222u, true)],
            negotiation.Media.Select(media => (media.Mid, media.LocalDirection, media.Sending?.Ssrc, media.IsNodeSlot)));
        Assert.Equal([222222u], negotiation.Local.Media[2].GetSsrcs());
        Assert.Empty(negotiation.Local.Media[1].GetSsrcs());
    }
}

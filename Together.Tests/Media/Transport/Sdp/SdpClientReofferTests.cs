using Together.MediaNode.Transport.Sdp;

namespace Together.Tests.Media.Transport.Sdp;

/// <summary>
/// A client offer after the node added speakers s1 (A) and s2 (B): the stored Chromium answer to that node offer,
/// turned back into an offer (a=setup:actpass), is what Chromium's createOffer() then produces for these m-lines.
/// </summary>
public sealed class SdpClientReofferTests
{
    private static SdpNegotiation AfterNodeOffer(int step, params SdpSpeakerSlot[] slots)
    {
        Assert.True(SdpNodeOffer.TryCreate(SdpTestData.AnswerChromiumOffer(), SdpTestData.Local, slots, out var offer, out var error), error);
        var answer = SessionDescription.Parse(SdpTestData.Read($"chromium-answer-to-node-offer-{step}.sdp"));
        Assert.True(SdpNodeOffer.TryApplyAnswer(offer, answer, out var applied, out error), error);
        return applied;
    }

    private static SdpNegotiation WithTwoSpeakers() =>
        AfterNodeOffer(1, new("s1", SdpTestData.SpeakerA), new("s2", SdpTestData.SpeakerB));

    private static string Reoffer(int step = 1) =>
        SdpTestData.Read($"chromium-answer-to-node-offer-{step}.sdp").Replace("a=setup:active", "a=setup:actpass", StringComparison.Ordinal);

    private static SdpReofferOutcome Answer(SdpNegotiation current, string offer, out SdpNegotiation? negotiation, out string error) =>
        SdpClientReoffer.TryAnswer(current, SessionDescription.Parse(offer), SdpTestData.Local, out negotiation, out error);

    [Fact]
    public void A_plain_reoffer_is_answered_on_the_same_transport_with_the_streams_already_announced()
    {
        var current = WithTwoSpeakers();

        Assert.Equal(SdpReofferOutcome.Answered, Answer(current, Reoffer(), out var negotiation, out var error));

        var answer = negotiation!.Local;
        Assert.Equal($"- 1234567890 {current.SessionVersion + 1} IN IP4 0.0.0.0", answer.Lines.Single(line => line.Type == 'o').Value);
        Assert.Equal(["0", "s1", "s2"], answer.BundleMids);
        Assert.Equal(["0", "s1", "s2"], answer.Media.Select(media => media.Mid));
        Assert.All(answer.Media, media => Assert.Equal("Tgth", media.GetAttribute("ice-ufrag")));
        Assert.Equal(
            [SdpDirection.SendRecv, SdpDirection.SendOnly, SdpDirection.SendOnly],
            answer.Media.Select(media => media.Direction));
        Assert.Equal([111111u], answer.Media[1].GetSsrcs());
        Assert.Equal([222222u], answer.Media[2].GetSsrcs());
        Assert.Equal("speaker-b track-b", answer.Media[2].GetAttribute("msid"));
        Assert.Equal(current.Remote, negotiation.Remote);
    }

    [Fact]
    public void A_slot_left_inactive_stays_inactive_without_an_ssrc()
    {
        var withTwo = WithTwoSpeakers();
        Assert.True(SdpNodeOffer.TryCreate(withTwo, SdpTestData.Local, [new("s1", null), new("s2", SdpTestData.SpeakerB)], out var offer, out _));
        var answer = SessionDescription.Parse(SdpTestData.Read("chromium-answer-to-node-offer-2.sdp"));
        Assert.True(SdpNodeOffer.TryApplyAnswer(offer, answer, out var current, out var applyError), applyError);

        Assert.Equal(SdpReofferOutcome.Answered, Answer(current, Reoffer(2), out var negotiation, out var error));

        Assert.Equal(SdpDirection.Inactive, negotiation!.Local.Media[1].Direction);
        Assert.Empty(negotiation.Local.Media[1].GetSsrcs());
        Assert.Null(negotiation.Local.Media[1].GetAttribute("msid"));
        Assert.Equal([222222u], negotiation.Local.Media[2].GetSsrcs());
    }

    [Fact]
    public void A_client_that_offers_to_send_on_a_node_slot_is_answered_sendonly()
    {
        var offer = Reoffer().Replace("a=recvonly", "a=sendrecv", StringComparison.Ordinal);

        Assert.Equal(SdpReofferOutcome.Answered, Answer(WithTwoSpeakers(), offer, out var negotiation, out _));

        Assert.Equal(SdpDirection.SendOnly, negotiation!.Local.Media[1].Direction);
        Assert.False(negotiation.Media[1].LocalDirection.Receives());
    }

    [Fact]
    public void New_m_lines_from_the_client_are_rejected_with_port_0_after_the_kept_ones()
    {
        var offer = Reoffer().Replace("a=group:BUNDLE 0 s1 s2", "a=group:BUNDLE 0 s1 s2 3 4", StringComparison.Ordinal)
            + NewAudioSection("3")
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:4\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n";

        Assert.Equal(SdpReofferOutcome.Answered, Answer(WithTwoSpeakers(), offer, out var negotiation, out var error));

        var answer = negotiation!.Local;
        Assert.Equal(["0", "s1", "s2", "3", "4"], answer.Media.Select(media => media.Mid));
        Assert.Equal(["0", "s1", "s2"], answer.BundleMids);
        Assert.Equal(0, answer.Media[3].Port);
        Assert.Equal(("video", 0), (answer.Media[4].Media, answer.Media[4].Port));
        Assert.NotEqual(0, answer.Media[0].Port);
    }

    [Fact]
    public void The_next_node_offer_builds_on_the_reanswer_and_appends_new_slots_after_the_rejected_m_line()
    {
        var offer = Reoffer().Replace("a=group:BUNDLE 0 s1 s2", "a=group:BUNDLE 0 s1 s2 3", StringComparison.Ordinal) + NewAudioSection("3");
        Assert.Equal(SdpReofferOutcome.Answered, Answer(WithTwoSpeakers(), offer, out var reanswered, out _));

        Assert.True(SdpNodeOffer.TryCreate(
            reanswered!,
            SdpTestData.Local,
            [new("s1", SdpTestData.SpeakerA), new("s2", SdpTestData.SpeakerB), new("s3", SdpTestData.SpeakerC)],
            out var nodeOffer,
            out var error), error);

        var sdp = nodeOffer.Offer;
        Assert.Equal(["0", "s1", "s2", "3", "s3"], sdp.Media.Select(media => media.Mid));
        Assert.Equal(0, sdp.Media[3].Port);
        Assert.Equal(["0", "s1", "s2", "s3"], sdp.BundleMids);
        Assert.Equal([333333u], sdp.Media[4].GetSsrcs());
        Assert.Equal($"- 1234567890 {reanswered!.SessionVersion + 1} IN IP4 0.0.0.0", sdp.Lines.Single(line => line.Type == 'o').Value);
    }

    [Fact]
    public void An_ice_restart_is_told_apart_from_a_broken_offer()
    {
        var offer = Reoffer()
            .Replace("a=ice-ufrag:LXOq", "a=ice-ufrag:Rst1", StringComparison.Ordinal)
            .Replace("a=ice-pwd:uXIr1f/v9pyd1N9y8tNZ1wrF", "a=ice-pwd:RestartedPassword0123456", StringComparison.Ordinal);

        Assert.Equal(SdpReofferOutcome.IceRestart, Answer(WithTwoSpeakers(), offer, out var negotiation, out var error));

        Assert.Null(negotiation);
        Assert.Contains("ICE", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_or_reordering_m_lines_or_changing_the_rtp_numbers_is_unusable()
    {
        var current = WithTwoSpeakers();
        var removed = SessionDescription.Parse(Reoffer());
        removed.Media.RemoveAt(2);
        var reordered = SessionDescription.Parse(Reoffer());
        (reordered.Media[1], reordered.Media[2]) = (reordered.Media[2], reordered.Media[1]);
        var otherExtensionId = Reoffer().Replace("a=extmap:1 urn", "a=extmap:5 urn", StringComparison.Ordinal);
        var microphoneRejected = SessionDescription.Parse(Reoffer().Replace("m=audio 52127", "m=audio 0", StringComparison.Ordinal));

        Assert.Equal(SdpReofferOutcome.Unusable, SdpClientReoffer.TryAnswer(current, removed, SdpTestData.Local, out _, out var removedError));
        Assert.Equal(SdpReofferOutcome.Unusable, SdpClientReoffer.TryAnswer(current, reordered, SdpTestData.Local, out _, out var reorderedError));
        Assert.Equal(SdpReofferOutcome.Unusable, Answer(current, otherExtensionId, out _, out var extensionError));
        Assert.Equal(SdpReofferOutcome.Unusable, SdpClientReoffer.TryAnswer(current, microphoneRejected, SdpTestData.Local, out _, out var microphoneError));

        Assert.Contains("never removed", removedError, StringComparison.Ordinal);
        Assert.Contains("mid", reorderedError, StringComparison.Ordinal);
        Assert.Contains("extension ids", extensionError, StringComparison.Ordinal);
        Assert.Contains("microphone", microphoneError, StringComparison.Ordinal);
    }

    private static string NewAudioSection(string mid) =>
        "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:LXOq\r\na=ice-pwd:uXIr1f/v9pyd1N9y8tNZ1wrF\r\n"
        + "a=fingerprint:sha-256 BE:C3:4A:25:43:1A:53:8E:A1:8C:40:8D:1A:74:95:40:14:31:DA:2B:D4:18:9D:64:56:C6:F3:E8:6E:2E:41:9A\r\n"
        + $"a=setup:actpass\r\na=mid:{mid}\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n";
}

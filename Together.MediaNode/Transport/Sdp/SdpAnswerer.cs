namespace Together.MediaNode.Transport.Sdp;

/// <summary>
/// Answers a browser's offer as an ICE-lite, DTLS-passive SFU (research §1.6): one BUNDLE transport, Opus
/// 48000/2 only with the offer's payload type, only the audio-level and mid extensions with the offer's ids,
/// no transport-cc. Every m-line is kept in order with its mid; what we cannot carry (video, data channels,
/// audio without Opus or without rtcp-mux, m-lines outside the BUNDLE group) gets port 0.
/// </summary>
public static class SdpAnswerer
{
    /// <param name="offer">The peer's offer.</param>
    /// <param name="local">Our ICE credentials, fingerprint and candidates.</param>
    /// <param name="sessionVersion">The o= version: 1 for the first SDP of a session, then one more each time.</param>
    /// <param name="slots">
    /// Node slots by mid, for a later offer from the client that repeats m-lines the node added: a stream is sent
    /// on its slot; a slot with no stream is answered without sending.
    /// </param>
    /// <param name="negotiation">The answer and what it means.</param>
    /// <param name="error">Why the offer cannot be answered at all.</param>
    /// <param name="acceptableMids">
    /// For a later offer: the only mids that may be accepted (those accepted before); any other m-line, a new
    /// one from the client included, is rejected with port 0. Null for a first offer.
    /// </param>
    public static bool TryCreateAnswer(
        SessionDescription offer,
        SdpLocalTransport local,
        ulong sessionVersion,
        IReadOnlyDictionary<string, SdpSendingStream?>? slots,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpNegotiation? negotiation,
        out string? error,
        IReadOnlySet<string>? acceptableMids = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(local);
        negotiation = null;
        var bundle = offer.BundleMids;
        if (bundle.Count == 0)
        {
            error = "The offer has no a=group:BUNDLE; the node carries everything on one transport.";
            return false;
        }

        var decisions = new List<SdpNegotiatedMedia>();
        var accepted = new List<MediaDescription>();
        var seenMids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var media in offer.Media)
        {
            var mid = media.Mid;
            if (mid is null || !IsToken(mid) || !seenMids.Add(mid))
            {
                error = "Every m-line of the offer needs a unique a=mid of 1-255 token characters.";
                return false;
            }

            var slot = default(SdpSendingStream);
            var isSlot = slots is not null && slots.TryGetValue(mid, out slot);
            var canCarry = CanCarry(media, bundle, out var opusPayloadType);
            if (!canCarry || (acceptableMids is not null && !acceptableMids.Contains(mid)))
            {
                decisions.Add(new SdpNegotiatedMedia(mid, media.Media, false, SdpDirection.Inactive, 0, default, [], null, isSlot));
                continue;
            }

            // A node slot only ever carries the node's stream to the client, whatever direction the client offers.
            var direction = media.Direction.Mirror();
            if (isSlot)
            {
                direction = slot is not null && media.Direction.Receives() ? SdpDirection.SendOnly : SdpDirection.Inactive;
            }

            accepted.Add(media);
            decisions.Add(new SdpNegotiatedMedia(
                mid,
                media.Media,
                true,
                direction,
                opusPayloadType,
                SdpRemoteReader.ReadExtensionIds(media),
                media.GetSsrcs(),
                direction.Sends() ? slot : null,
                isSlot));
        }

        if (accepted.Count == 0)
        {
            error = "The offer has no bundled audio m-line with Opus 48000/2 and rtcp-mux.";
            return false;
        }

        if (accepted.Exists(media => (media.GetAttribute("setup") ?? offer.GetAttribute("setup")) == "passive"))
        {
            error = "The offer is a=setup:passive; the node is always the DTLS server and cannot be active.";
            return false;
        }

        if (!SdpRemoteReader.TryReadTransport(offer, accepted, out var remote, out error))
        {
            return false;
        }

        var answer = Write(local, sessionVersion, offer.HasAttribute("extmap-allow-mixed"), offer, decisions);
        negotiation = new SdpNegotiation(answer, remote!, decisions, sessionVersion, offer.HasAttribute("extmap-allow-mixed"));
        return true;
    }

    /// <summary>RFC 5888 identification-tag = token (RFC 8866 §9); at most 255 so it fits an RTP header extension.</summary>
    private static bool IsToken(string mid) =>
        mid.Length is >= 1 and <= 255 && mid.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`{|}~".Contains(c, StringComparison.Ordinal));

    private static bool CanCarry(MediaDescription media, IReadOnlyList<string> bundle, out byte opusPayloadType)
    {
        opusPayloadType = 0;
        return media.Media == "audio"
            && !media.IsRejected
            && media.Protocol == SdpAudioSection.Protocol
            && bundle.Contains(media.Mid!)
            && media.HasAttribute("rtcp-mux")
            && media.TryFindPayloadType(SdpAudioSection.Opus, out opusPayloadType);
    }

    private static SessionDescription Write(
        SdpLocalTransport local,
        ulong version,
        bool extmapAllowMixed,
        SessionDescription offer,
        List<SdpNegotiatedMedia> decisions)
    {
        var answer = SdpAudioSection.Session(local, version, decisions.Where(media => media.Accepted).Select(media => media.Mid), extmapAllowMixed);
        for (var i = 0; i < decisions.Count; i++)
        {
            var decision = decisions[i];
            var offered = offer.Media[i];
            answer.Media.Add(decision.Accepted
                ? SdpAudioSection.Accepted(local, decision, offered.HasAttribute("rtcp-rsize"))
                : SdpAudioSection.Rejected(offered.Media, offered.Protocol, offered.Formats, decision.Mid));
        }

        return answer;
    }
}

namespace Together.MediaNode.Transport.Sdp;

/// <summary>How a later client offer was handled.</summary>
public enum SdpReofferOutcome
{
    Answered,

    /// <summary>The client changed its ICE ufrag/pwd (RFC 8839 §4.4.1.1): an ICE restart, which the node refuses.</summary>
    IceRestart,

    /// <summary>The offer breaks the session: m-lines removed or reordered, codec or extension ids changed, new certificate.</summary>
    Unusable,
}

/// <summary>
/// Renegotiation started by the client after the first exchange (DESIGN §6). The answer changes nothing the
/// forwarding relies on: same ICE credentials and certificate on both sides, the same Opus payload type and
/// extension ids, every m-line kept in order. The node's speaker slots are answered from the last completed
/// negotiation, so they announce exactly the SSRCs and msids the client already applied; m-lines the client adds
/// are rejected with port 0 (one microphone per participant, audio only).
/// </summary>
public static class SdpClientReoffer
{
    public static SdpReofferOutcome TryAnswer(
        SdpNegotiation current,
        SessionDescription offer,
        SdpLocalTransport local,
        out SdpNegotiation? negotiation,
        out string error)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(offer);
        negotiation = null;
        if (!KeepsEveryMLine(current, offer, out error))
        {
            return SdpReofferOutcome.Unusable;
        }

        var slots = current.Media
            .Where(media => media.Accepted && media.IsNodeSlot)
            .ToDictionary(media => media.Mid, media => media.LocalDirection.Sends() ? media.Sending : null, StringComparer.Ordinal);
        var acceptable = current.Media.Where(media => media.Accepted).Select(media => media.Mid).ToHashSet(StringComparer.Ordinal);
        if (!SdpAnswerer.TryCreateAnswer(offer, local, current.SessionVersion + 1, slots, out var answered, out var answerError, acceptable))
        {
            error = answerError ?? "the offer cannot be answered";
            return SdpReofferOutcome.Unusable;
        }

        var (before, after) = (current.Remote, answered.Remote);
        if (after.IceUfrag != before.IceUfrag || after.IcePwd != before.IcePwd)
        {
            error = "the offer restarts ICE (new a=ice-ufrag/ice-pwd); the node keeps one ICE session per connection: "
                + "roll back and re-offer with the current credentials, or rejoin";
            return SdpReofferOutcome.IceRestart;
        }

        if (after.FingerprintAlgorithm != before.FingerprintAlgorithm || after.Fingerprint != before.Fingerprint)
        {
            error = "the offer changes the DTLS certificate; that needs a new connection";
            return SdpReofferOutcome.Unusable;
        }

        if (!KeepsRtpNumbers(current, answered, out error))
        {
            return SdpReofferOutcome.Unusable;
        }

        negotiation = answered;
        return SdpReofferOutcome.Answered;
    }

    /// <summary>
    /// JSEP §5.2.2: m-lines are never removed or reordered; a rejected one may be recycled with a new mid. So every
    /// m-line accepted so far must still be there, at its index, with its mid, and the client's first audio m-line
    /// (its microphone, the BUNDLE tag) must not be rejected.
    /// </summary>
    private static bool KeepsEveryMLine(SdpNegotiation current, SessionDescription offer, out string error)
    {
        if (offer.Media.Count < current.Media.Count)
        {
            error = $"The offer has {offer.Media.Count} m-lines; the session has {current.Media.Count} and m-lines are never removed.";
            return false;
        }

        for (var i = 0; i < current.Media.Count; i++)
        {
            var negotiated = current.Media[i];
            if (negotiated.Accepted && offer.Media[i].Mid != negotiated.Mid)
            {
                error = $"m-line {i} of the offer has mid \"{offer.Media[i].Mid}\"; the session has \"{negotiated.Mid}\" there.";
                return false;
            }
        }

        var microphone = current.Media.FirstOrDefault(media => media.Accepted && !media.IsNodeSlot);
        var index = microphone is null ? -1 : IndexOf(current, microphone.Mid);
        if (index >= 0 && offer.Media[index].IsRejected)
        {
            error = $"The offer rejects the microphone m-line \"{microphone!.Mid}\"; leave instead.";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>The SFU rewrites every packet with one payload type and one set of extension ids per participant.</summary>
    private static bool KeepsRtpNumbers(SdpNegotiation current, SdpNegotiation answered, out string error)
    {
        foreach (var media in answered.Media.Where(media => media.Accepted))
        {
            var before = current.FindByMid(media.Mid);
            if (before is not null && (before.OpusPayloadType != media.OpusPayloadType || before.Extensions != media.Extensions))
            {
                error = $"m-line \"{media.Mid}\" changes the Opus payload type or the header extension ids; they are fixed for the session.";
                return false;
            }
        }

        error = "";
        return true;
    }

    private static int IndexOf(SdpNegotiation current, string mid)
    {
        for (var i = 0; i < current.Media.Count; i++)
        {
            if (current.Media[i].Mid == mid)
            {
                return i;
            }
        }

        return -1;
    }
}

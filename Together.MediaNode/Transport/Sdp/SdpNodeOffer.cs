namespace Together.MediaNode.Transport.Sdp;

/// <summary>A node offer sent to the client and waiting for its answer.</summary>
public sealed record SdpPendingOffer(SessionDescription Offer, IReadOnlyList<SdpNegotiatedMedia> Media, ulong SessionVersion, bool ExtmapAllowMixed);

/// <summary>
/// Renegotiation started by the node (research §1.8, model A): the client's m-lines stay as negotiated, in
/// order, and each remote speaker gets a sendonly audio m-line of its own with a=msid and a=ssrc. A speaker
/// who leaves turns its m-line inactive; the next speaker reuses it. m-lines are never removed or reordered,
/// and the first one (the BUNDLE tag) is never touched.
/// </summary>
public static class SdpNodeOffer
{
    /// <param name="current">The last completed negotiation.</param>
    /// <param name="local">Our transport parameters (the same as before: no ICE restart, same certificate).</param>
    /// <param name="slots">The wanted state of every node slot; slots not yet in <paramref name="current"/> are appended.</param>
    /// <param name="offer">The offer to send and the state it proposes.</param>
    /// <param name="error">Why no offer can be made.</param>
    public static bool TryCreate(
        SdpNegotiation current,
        SdpLocalTransport local,
        IReadOnlyList<SdpSpeakerSlot> slots,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpPendingOffer? offer,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(slots);
        offer = null;
        var template = current.Media.FirstOrDefault(media => media.Accepted && !media.IsNodeSlot && media.Media == "audio");
        if (template is null)
        {
            error = "No accepted client audio m-line to take the payload type and extension ids from.";
            return false;
        }

        var wanted = new Dictionary<string, SdpSendingStream?>(StringComparer.Ordinal);
        foreach (var slot in slots)
        {
            if (string.IsNullOrWhiteSpace(slot.Mid) || slot.Mid.Contains(' ', StringComparison.Ordinal) || !wanted.TryAdd(slot.Mid, slot.Stream))
            {
                error = $"Slot mid \"{slot.Mid}\" is empty, has a space or is used twice.";
                return false;
            }
        }

        var media = new List<SdpNegotiatedMedia>();
        foreach (var existing in current.Media)
        {
            if (!wanted.Remove(existing.Mid, out var stream))
            {
                media.Add(existing);
                continue;
            }

            if (!existing.IsNodeSlot)
            {
                error = $"Slot mid \"{existing.Mid}\" is the client's own m-line.";
                return false;
            }

            media.Add(Slot(template, existing.Mid, stream));
        }

        foreach (var slot in slots.Where(slot => wanted.ContainsKey(slot.Mid)))
        {
            media.Add(Slot(template, slot.Mid, slot.Stream));
        }

        var version = current.SessionVersion + 1;
        var sdp = SdpAudioSection.Session(local, version, media.Where(m => m.Accepted).Select(m => m.Mid), current.ExtmapAllowMixed);
        for (var i = 0; i < media.Count; i++)
        {
            var line = media[i];
            if (line.Accepted)
            {
                sdp.Media.Add(SdpAudioSection.Accepted(local, line, rtcpReducedSize: true));
            }
            else
            {
                var previous = current.Local.Media[i];
                sdp.Media.Add(SdpAudioSection.Rejected(previous.Media, previous.Protocol, previous.Formats, line.Mid));
            }
        }

        offer = new SdpPendingOffer(sdp, media, version, current.ExtmapAllowMixed);
        error = null;
        return true;
    }

    /// <summary>
    /// Applies the client's answer to a node offer: same m-lines and mids in the same order; each line's
    /// direction is what we offered narrowed by what the client accepted (a speaker slot answered inactive
    /// must not be sent on). Only after this may the SFU send RTP for the newly announced SSRCs.
    /// </summary>
    public static bool TryApplyAnswer(
        SdpPendingOffer offer,
        SessionDescription answer,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpNegotiation? negotiation,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        negotiation = null;
        if (answer.Media.Count != offer.Media.Count)
        {
            error = $"The answer has {answer.Media.Count} m-lines; the offer had {offer.Media.Count}.";
            return false;
        }

        var media = new List<SdpNegotiatedMedia>();
        var accepted = new List<MediaDescription>();
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var offered = offer.Media[i];
            var answered = answer.Media[i];
            if (answered.Mid != offered.Mid)
            {
                error = $"m-line {i} of the answer has mid \"{answered.Mid}\"; the offer had \"{offered.Mid}\".";
                return false;
            }

            if (!offered.Accepted || answered.IsRejected)
            {
                media.Add(offered with { Accepted = false, LocalDirection = SdpDirection.Inactive, Sending = null });
                continue;
            }

            if (!answered.Formats.Contains(offered.OpusPayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                error = $"m-line {i} of the answer dropped the Opus payload type {offered.OpusPayloadType}.";
                return false;
            }

            var direction = Narrow(offered.LocalDirection, answered.Direction);
            accepted.Add(answered);
            media.Add(offered with
            {
                LocalDirection = direction,
                Extensions = SdpRemoteReader.ReadExtensionIds(answered),
                RemoteSsrcs = answered.GetSsrcs(),
                Sending = direction.Sends() ? offered.Sending : null,
            });
        }

        if (!SdpRemoteReader.TryReadTransport(answer, accepted, out var remote, out error))
        {
            return false;
        }

        negotiation = new SdpNegotiation(offer.Offer, remote!, media, offer.SessionVersion, offer.ExtmapAllowMixed);
        return true;
    }

    private static SdpNegotiatedMedia Slot(SdpNegotiatedMedia template, string mid, SdpSendingStream? stream) =>
        new(mid, "audio", true, stream is null ? SdpDirection.Inactive : SdpDirection.SendOnly, template.OpusPayloadType,
            template.Extensions, [], stream, IsNodeSlot: true);

    /// <summary>We send if we offered to and they receive; we receive if we offered to and they send.</summary>
    private static SdpDirection Narrow(SdpDirection offered, SdpDirection answered)
    {
        var sends = offered.Sends() && answered.Receives();
        var receives = offered.Receives() && answered.Sends();
        return (sends, receives) switch
        {
            (true, true) => SdpDirection.SendRecv,
            (true, false) => SdpDirection.SendOnly,
            (false, true) => SdpDirection.RecvOnly,
            _ => SdpDirection.Inactive,
        };
    }
}

using System.Globalization;
using Together.MediaNode.Transport.Rtp;

namespace Together.MediaNode.Transport.Sdp;

/// <summary>Writes the m= sections the node puts in its answers and offers.</summary>
internal static class SdpAudioSection
{
    public const string Protocol = "UDP/TLS/RTP/SAVPF";
    public const string Opus = "opus/48000/2";

    /// <summary>What we want to receive from Chromium: 10 ms frames allowed, in-band FEC and DTX on (RFC 7587 §6).</summary>
    public const string OpusParameters = "minptime=10;useinbandfec=1;usedtx=1";

    public static MediaDescription Accepted(SdpLocalTransport local, SdpNegotiatedMedia media, bool rtcpReducedSize)
    {
        var (address, port) = DefaultCandidate(local);
        var pt = media.OpusPayloadType.ToString(CultureInfo.InvariantCulture);
        var section = new MediaDescription("audio", port, Protocol, [pt]);
        var lines = section.Lines;
        lines.Add(new SdpLine('c', Connection(address)));
        AddTransport(lines, local);
        lines.Add(SdpLine.Attribute("mid", media.Mid));
        if (media.Extensions.AudioLevel != 0)
        {
            lines.Add(SdpLine.Attribute("extmap", $"{media.Extensions.AudioLevel} {RtpExtensionIds.AudioLevelUri}"));
        }

        if (media.Extensions.Mid != 0)
        {
            lines.Add(SdpLine.Attribute("extmap", $"{media.Extensions.Mid} {RtpExtensionIds.MidUri}"));
        }

        lines.Add(SdpLine.Attribute(media.LocalDirection.ToAttribute()));
        var sending = media.LocalDirection.Sends() ? media.Sending : null;
        if (sending is not null)
        {
            lines.Add(SdpLine.Attribute("msid", $"{sending.StreamId} {sending.TrackId}"));
        }

        lines.Add(SdpLine.Attribute("rtcp-mux"));
        if (rtcpReducedSize)
        {
            lines.Add(SdpLine.Attribute("rtcp-rsize"));
        }

        lines.Add(SdpLine.Attribute("rtpmap", $"{pt} {Opus}"));
        lines.Add(SdpLine.Attribute("fmtp", $"{pt} {OpusParameters}"));
        if (sending is not null)
        {
            var ssrc = sending.Ssrc.ToString(CultureInfo.InvariantCulture);
            lines.Add(SdpLine.Attribute("ssrc", $"{ssrc} cname:{sending.Cname}"));
            lines.Add(SdpLine.Attribute("ssrc", $"{ssrc} msid:{sending.StreamId} {sending.TrackId}"));
        }

        return section;
    }

    /// <summary>A refused m-line: port 0 and the same formats, keeping its mid (RFC 3264 §6, RFC 8843 §7.3.3).</summary>
    public static MediaDescription Rejected(string media, string protocol, IReadOnlyList<string> formats, string mid)
    {
        var section = new MediaDescription(media, 0, protocol, formats);
        section.Lines.Add(new SdpLine('c', "IN IP4 0.0.0.0"));
        section.Lines.Add(SdpLine.Attribute("mid", mid));
        return section;
    }

    private static void AddTransport(List<SdpLine> lines, SdpLocalTransport local)
    {
        lines.Add(SdpLine.Attribute("ice-ufrag", local.IceUfrag));
        lines.Add(SdpLine.Attribute("ice-pwd", local.IcePwd));
        lines.Add(SdpLine.Attribute("fingerprint", $"sha-256 {local.FingerprintSha256}"));
        lines.Add(SdpLine.Attribute("setup", "passive"));
        foreach (var candidate in local.Candidates)
        {
            lines.Add(SdpLine.Attribute("candidate", candidate.ToAttributeValue()));
        }

        lines.Add(SdpLine.Attribute("end-of-candidates"));
    }

    /// <summary>The m= port and c= address name the first UDP candidate (JSEP §5.3.1 default candidate).</summary>
    private static (string Address, int Port) DefaultCandidate(SdpLocalTransport local)
    {
        var udp = local.Candidates.FirstOrDefault(candidate => candidate.Protocol == "udp") ?? (local.Candidates.Count > 0 ? local.Candidates[0] : null);
        return udp is null ? ("0.0.0.0", 9) : (udp.Address, udp.Port);
    }

    private static string Connection(string address) => address.Contains(':', StringComparison.Ordinal) ? $"IN IP6 {address}" : $"IN IP4 {address}";

    public static SessionDescription Session(SdpLocalTransport local, ulong version, IEnumerable<string> bundle, bool extmapAllowMixed)
    {
        local.Validate();
        var session = new SessionDescription();
        session.Lines.Add(new SdpLine('v', "0"));
        session.Lines.Add(new SdpLine('o', string.Create(CultureInfo.InvariantCulture, $"- {local.SessionId} {version} IN IP4 0.0.0.0")));
        session.Lines.Add(new SdpLine('s', "-"));
        session.Lines.Add(new SdpLine('t', "0 0"));
        session.Lines.Add(SdpLine.Attribute("ice-lite"));
        session.Lines.Add(SdpLine.Attribute("group", string.Join(' ', ["BUNDLE", .. bundle])));
        if (extmapAllowMixed)
        {
            session.Lines.Add(SdpLine.Attribute("extmap-allow-mixed"));
        }

        session.Lines.Add(SdpLine.Attribute("msid-semantic", " WMS *"));
        return session;
    }
}

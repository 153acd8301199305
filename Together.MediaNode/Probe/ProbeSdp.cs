using System.Globalization;
using System.Net;
using System.Text;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Rtp;
using Together.MediaNode.Transport.Sdp;

namespace Together.MediaNode.Probe;

/// <summary>
/// The probe's side of SDP, written as a browser would: an offer with one sendrecv Opus m-line, and answers to the
/// node's renegotiation offers that accept every m-line (sendonly from the node becomes recvonly here).
/// </summary>
public static class ProbeSdp
{
    public const byte OpusPayloadType = 111;
    public const byte AudioLevelId = 1;
    public const byte MidId = 4;
    public const string MicrophoneMid = "0";

    public static string CreateOffer(IceCredentials local, DtlsFingerprint fingerprint, uint ssrc)
    {
        var sdp = Header(2);
        sdp.Append("a=group:BUNDLE 0\r\n");
        AppendAudio(sdp, MicrophoneMid, local, fingerprint, "actpass", "sendrecv", OpusPayloadType, AudioLevelId, MidId);
        sdp.Append(CultureInfo.InvariantCulture, $"a=ssrc:{ssrc} cname:together-probe\r\n");
        return sdp.ToString();
    }

    public static string CreateAnswer(SessionDescription offer, IceCredentials local, DtlsFingerprint fingerprint)
    {
        var sdp = Header(3);
        sdp.Append("a=group:BUNDLE ").AppendJoin(' ', offer.BundleMids).Append("\r\n");
        foreach (var media in offer.Media)
        {
            var mid = media.Mid ?? "";
            if (media.IsRejected || !media.TryFindPayloadType("opus/48000/2", out var payloadType))
            {
                sdp.Append("m=").Append(media.Media).Append(" 0 UDP/TLS/RTP/SAVPF ").AppendJoin(' ', media.Formats).Append("\r\n");
                sdp.Append("c=IN IP4 0.0.0.0\r\na=mid:").Append(mid).Append("\r\na=inactive\r\n");
                continue;
            }

            AppendAudio(
                sdp, mid, local, fingerprint, "active", media.Direction.Mirror().ToAttribute(), payloadType,
                media.FindExtensionId(RtpExtensionIds.AudioLevelUri), media.FindExtensionId(RtpExtensionIds.MidUri));
        }

        return sdp.ToString();
    }

    /// <summary>What the node's answer says about reaching it: ICE credentials, certificate and UDP candidate.</summary>
    public static bool TryReadAnswer(
        string answerSdp, out IceCredentials? remote, out DtlsFingerprint? fingerprint, out IPEndPoint? candidate, out string error)
    {
        remote = null;
        fingerprint = null;
        candidate = null;
        if (!SessionDescription.TryParse(answerSdp, out var answer, out var parseError))
        {
            error = $"the node's answer is not SDP: {parseError}";
            return false;
        }

        var media = answer.Media.FirstOrDefault(m => !m.IsRejected);
        var ufrag = media?.GetAttribute("ice-ufrag") ?? answer.GetAttribute("ice-ufrag");
        var pwd = media?.GetAttribute("ice-pwd") ?? answer.GetAttribute("ice-pwd");
        var print = media?.GetAttribute("fingerprint") ?? answer.GetAttribute("fingerprint");
        if (ufrag is null || pwd is null || !IceCredentials.IsValid(ufrag, 4) || !IceCredentials.IsValid(pwd, 22))
        {
            error = "the node's answer has no usable ice-ufrag/ice-pwd";
            return false;
        }

        if (!DtlsFingerprint.TryParse(print, out fingerprint))
        {
            error = "the node's answer has no a=fingerprint";
            return false;
        }

        remote = new IceCredentials(ufrag, pwd);
        foreach (var line in media?.GetAttributes("candidate") ?? [])
        {
            var parts = line.Split(' ');
            if (parts.Length >= 8 && parts[2].Equals("udp", StringComparison.OrdinalIgnoreCase)
                && IPAddress.TryParse(parts[4], out var address)
                && int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                candidate = new IPEndPoint(address, port);
                break;
            }
        }

        error = candidate is null ? "the node's answer has no UDP candidate" : "";
        return candidate is not null;
    }

    private static StringBuilder Header(int version) =>
        new StringBuilder("v=0\r\n")
            .Append(CultureInfo.InvariantCulture, $"o=- 4611731400430051336 {version} IN IP4 127.0.0.1\r\n")
            .Append("s=-\r\nt=0 0\r\n");

    private static void AppendAudio(
        StringBuilder sdp, string mid, IceCredentials local, DtlsFingerprint fingerprint, string setup, string direction,
        byte payloadType, byte audioLevelId, byte midId)
    {
        sdp.Append(CultureInfo.InvariantCulture, $"m=audio 9 UDP/TLS/RTP/SAVPF {payloadType}\r\n");
        sdp.Append("c=IN IP4 0.0.0.0\r\n");
        sdp.Append("a=ice-ufrag:").Append(local.Ufrag).Append("\r\n");
        sdp.Append("a=ice-pwd:").Append(local.Password).Append("\r\n");
        sdp.Append("a=fingerprint:").Append(fingerprint.Algorithm).Append(' ').Append(fingerprint.Value).Append("\r\n");
        sdp.Append("a=setup:").Append(setup).Append("\r\n");
        sdp.Append("a=mid:").Append(mid).Append("\r\n");
        if (audioLevelId != 0)
        {
            sdp.Append(CultureInfo.InvariantCulture, $"a=extmap:{audioLevelId} {RtpExtensionIds.AudioLevelUri}\r\n");
        }

        if (midId != 0)
        {
            sdp.Append(CultureInfo.InvariantCulture, $"a=extmap:{midId} {RtpExtensionIds.MidUri}\r\n");
        }

        sdp.Append("a=").Append(direction).Append("\r\n");
        sdp.Append("a=rtcp-mux\r\na=rtcp-rsize\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{payloadType} opus/48000/2\r\n");
        sdp.Append(CultureInfo.InvariantCulture, $"a=fmtp:{payloadType} minptime=10;useinbandfec=1\r\n");
    }
}

using System.Globalization;

namespace Together.MediaNode.Transport.Sdp;

/// <summary>
/// One m= section: the m-line's fields and every following line in order, unknown ones included, so what is
/// parsed can be written back unchanged.
/// </summary>
public sealed class MediaDescription
{
    public MediaDescription(string media, int port, string protocol, IReadOnlyList<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = formats;
    }

    /// <summary>"audio", "video", "application"...</summary>
    public string Media { get; }

    /// <summary>0 means the section is rejected or removed (RFC 3264 §6).</summary>
    public int Port { get; }

    public string Protocol { get; }

    /// <summary>Payload types for RTP sections, "webrtc-datachannel" for SCTP.</summary>
    public IReadOnlyList<string> Formats { get; }

    public List<SdpLine> Lines { get; } = [];

    public bool IsRejected => Port == 0;

    public string? Mid => GetAttribute("mid");

    /// <summary>The direction attribute; sendrecv when absent (RFC 8866 §6.7.3).</summary>
    public SdpDirection Direction
    {
        get
        {
            foreach (var line in Lines)
            {
                if (line.IsAttribute && line.AttributeValue is null && SdpDirections.TryParse(line.Value, out var direction))
                {
                    return direction;
                }
            }

            return SdpDirection.SendRecv;
        }
    }

    public string? GetAttribute(string name) => GetAttributes(name).FirstOrDefault();

    public bool HasAttribute(string name) => Lines.Exists(line => line.IsAttribute && line.AttributeName == name);

    /// <summary>Values of every "a=name:value" line with that name, in order (empty strings for flags).</summary>
    public IEnumerable<string> GetAttributes(string name) =>
        Lines.Where(line => line.IsAttribute && line.AttributeName == name).Select(line => line.AttributeValue ?? string.Empty);

    /// <summary>The payload type whose a=rtpmap names this codec ("opus/48000/2"), compared case-insensitively.</summary>
    public bool TryFindPayloadType(string encoding, out byte payloadType)
    {
        foreach (var rtpmap in GetAttributes("rtpmap"))
        {
            var space = rtpmap.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0
                && string.Equals(rtpmap[(space + 1)..].Trim(), encoding, StringComparison.OrdinalIgnoreCase)
                && byte.TryParse(rtpmap.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out payloadType)
                && payloadType <= 127
                && Formats.Contains(rtpmap[..space]))
            {
                return true;
            }
        }

        payloadType = 0;
        return false;
    }

    /// <summary>The id of the a=extmap with this URI, or 0 (RFC 8285 §5: "a=extmap:id[/direction] uri").</summary>
    public byte FindExtensionId(string uri)
    {
        foreach (var extmap in GetAttributes("extmap"))
        {
            var parts = extmap.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[1] == uri)
            {
                var id = parts[0].Split('/')[0];
                if (byte.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 255)
                {
                    return value;
                }
            }
        }

        return 0;
    }

    /// <summary>The SSRCs listed by a=ssrc lines, without duplicates, in order.</summary>
    public IReadOnlyList<uint> GetSsrcs()
    {
        var ssrcs = new List<uint>();
        foreach (var line in GetAttributes("ssrc"))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var digits = space < 0 ? line : line[..space];
            if (uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ssrc) && !ssrcs.Contains(ssrc))
            {
                ssrcs.Add(ssrc);
            }
        }

        return ssrcs;
    }
}

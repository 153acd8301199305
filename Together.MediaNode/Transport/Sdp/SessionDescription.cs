using System.Globalization;
using System.Text;

namespace Together.MediaNode.Transport.Sdp;

/// <summary>
/// An SDP (RFC 8866) as lines: the session-level lines (v=, o=, s=, t=, session attributes) and the m= sections
/// in order. Parsing accepts CRLF or LF and keeps lines it does not know; it refuses only what cannot be an SDP
/// (no v=0 first, a malformed m= line, oversized input). Writing uses CRLF, as browsers expect.
/// </summary>
public sealed class SessionDescription
{
    public const int MaxLength = 64 * 1024;
    public const int MaxMediaSections = 256;

    public List<SdpLine> Lines { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    public string? GetAttribute(string name) => GetAttributes(name).FirstOrDefault();

    public IEnumerable<string> GetAttributes(string name) =>
        Lines.Where(line => line.IsAttribute && line.AttributeName == name).Select(line => line.AttributeValue ?? string.Empty);

    public bool HasAttribute(string name) => Lines.Exists(line => line.IsAttribute && line.AttributeName == name);

    /// <summary>The mids of the first a=group:BUNDLE, in order; empty without one.</summary>
    public IReadOnlyList<string> BundleMids
    {
        get
        {
            var group = GetAttributes("group").FirstOrDefault(value => value.StartsWith("BUNDLE", StringComparison.Ordinal));
            return group is null ? [] : group.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        }
    }

    public static SessionDescription Parse(string sdp) =>
        TryParse(sdp, out var description, out var error) ? description : throw new FormatException(error);

    public static bool TryParse(string? sdp, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SessionDescription? description, out string? error)
    {
        description = null;
        if (string.IsNullOrEmpty(sdp))
        {
            error = "The SDP is empty.";
            return false;
        }

        if (sdp.Length > MaxLength)
        {
            error = $"The SDP is longer than {MaxLength} characters.";
            return false;
        }

        var result = new SessionDescription();
        MediaDescription? current = null;
        foreach (var rawLine in sdp.Split('\n'))
        {
            var text = rawLine.TrimEnd('\r');
            if (text.Length == 0)
            {
                continue;
            }

            if (text.Length < 2 || text[1] != '=' || text.AsSpan().IndexOfAny('\0', '\r') >= 0)
            {
                error = $"Not an SDP line: \"{Truncate(text)}\".";
                return false;
            }

            var line = new SdpLine(text[0], text[2..]);
            if (result.Lines.Count == 0 && (line.Type != 'v' || line.Value != "0"))
            {
                error = "An SDP starts with v=0.";
                return false;
            }

            if (line.Type == 'm')
            {
                if (!TryParseMediaLine(line.Value, out current))
                {
                    error = $"Malformed m= line: \"{Truncate(line.Value)}\".";
                    return false;
                }

                if (result.Media.Count == MaxMediaSections)
                {
                    error = $"More than {MaxMediaSections} m= sections.";
                    return false;
                }

                result.Media.Add(current);
            }
            else if (current is null)
            {
                result.Lines.Add(line);
            }
            else
            {
                current.Lines.Add(line);
            }
        }

        if (result.Lines.Count == 0)
        {
            error = "An SDP starts with v=0.";
            return false;
        }

        description = result;
        error = null;
        return true;
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var line in Lines)
        {
            builder.Append(line.Type).Append('=').Append(line.Value).Append("\r\n");
        }

        foreach (var media in Media)
        {
            builder.Append("m=").Append(media.Media).Append(' ')
                .Append(media.Port.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(media.Protocol).Append(' ')
                .AppendJoin(' ', media.Formats).Append("\r\n");
            foreach (var line in media.Lines)
            {
                builder.Append(line.Type).Append('=').Append(line.Value).Append("\r\n");
            }
        }

        return builder.ToString();
    }

    /// <summary>"&lt;media&gt; &lt;port&gt;[/&lt;count&gt;] &lt;proto&gt; &lt;fmt&gt; ..." (RFC 8866 §5.14).</summary>
    private static bool TryParseMediaLine(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MediaDescription? media)
    {
        media = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            return false;
        }

        var portText = parts[1].Split('/')[0];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > ushort.MaxValue)
        {
            return false;
        }

        media = new MediaDescription(parts[0], port, parts[2], parts[3..]);
        return true;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

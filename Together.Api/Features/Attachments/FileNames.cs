using System.Globalization;
using System.Text;

namespace Together.Api.Features.Attachments;

/// <summary>
/// Makes a client's file name safe to store, put in a URL and offer as a download name on any system: the last path
/// segment only, no control or bidirectional-override characters (which can disguise an extension), no characters
/// Windows forbids, no leading dots, no Windows device names, and short. Storage never uses it: files are named by
/// their hash.
/// </summary>
public static class FileNames
{
    public const int MaxLength = 128;
    public const string Fallback = "file";

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static string Sanitize(string? name)
    {
        var raw = name ?? "";
        var lastSeparator = raw.LastIndexOfAny(['/', '\\']);
        var segment = raw[(lastSeparator + 1)..];

        var cleaned = new StringBuilder(segment.Length);
        foreach (var rune in segment.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            cleaned.Append(rune.Value is '<' or '>' or ':' or '"' or '|' or '?' or '*' ? "_" : rune.ToString());
        }

        var result = cleaned.ToString().Trim().TrimStart('.').TrimEnd('.', ' ').Trim();
        if (result.Length == 0)
        {
            return Fallback;
        }

        var stem = result.Split('.')[0].TrimEnd();
        if (DeviceNames.Contains(stem))
        {
            result = "_" + result;
        }

        return Truncate(result);
    }

    /// <summary>At most <see cref="MaxLength"/> characters, shortening the name before its extension, never splitting a pair.</summary>
    private static string Truncate(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 16 ? name[dot..] : "";
        var keep = MaxLength - extension.Length;
        if (char.IsHighSurrogate(name[keep - 1]))
        {
            keep--;
        }

        return name[..keep].TrimEnd() + extension;
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;

namespace Together.Api.Domain;

/// <summary>
/// Names people read (display names, server, channel and role names) take any visible characters, but none that
/// hide or reorder what is shown: control characters, format characters (bidi overrides and isolates, zero-width
/// joiners and spaces, tags) and line separators would let one name pass for another or break everyone's layout.
/// </summary>
public static class VisibleText
{
    /// <summary>False, with what is wrong, when the text is not valid UTF-16 or holds a hidden or reordering character.</summary>
    public static bool IsClean(string text, out string problem)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var length) != OperationStatus.Done)
            {
                problem = "must be valid text.";
                return false;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                problem = $"may not contain invisible or text-direction characters (U+{rune.Value:X4}).";
                return false;
            }

            rest = rest[length..];
        }

        problem = "";
        return true;
    }

    /// <summary>
    /// A required name: trimmed, <paramref name="minLength"/> to <paramref name="maxLength"/> characters, clean.
    /// Throws a validation error on <paramref name="field"/> otherwise.
    /// </summary>
    public static string RequireName(string? value, string field, int minLength, int maxLength)
    {
        var name = value?.Trim() ?? "";
        if (name.Length < minLength || name.Length > maxLength)
        {
            throw DomainException.Validation(field, $"Names are {minLength} to {maxLength} characters long.");
        }

        if (!IsClean(name, out var problem))
        {
            throw DomainException.Validation(field, "Names " + problem);
        }

        return name;
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;

namespace Together.Api.Features.Users;

/// <summary>
/// Display names take any visible characters, but none that hide or reorder what is shown: control characters,
/// format characters (bidi overrides and isolates, zero-width joiners and spaces, tags) and line separators would
/// let one name pass for another or break the layout of everyone's client.
/// </summary>
public static class UserProfileRules
{
    public const int DisplayNameMaxLength = 32;

    public static bool IsValidDisplayName(string? displayName, out string problem) =>
        IsValidShownName(displayName, DisplayNameMaxLength, "Display names", out problem);

    /// <summary>The rule for every name people choose to be shown by (display names, server nicknames).</summary>
    /// <param name="what">The kind of name, capitalised and plural, as the problem's subject: "Nicknames".</param>
    public static bool IsValidShownName(string? name, int maxLength, string what, out string problem)
    {
        problem = "";
        if (name is null)
        {
            return true;
        }

        if (name.Length > maxLength)
        {
            problem = $"{what} are at most {maxLength} characters long.";
            return false;
        }

        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var length) != OperationStatus.Done)
            {
                problem = $"{what} must be valid text.";
                return false;
            }

            if (IsHiddenOrReordering(rune))
            {
                problem = $"{what} may not contain invisible or text-direction characters (U+{rune.Value:X4}).";
                return false;
            }

            rest = rest[length..];
        }

        return true;
    }

    /// <summary>Blank display names mean "none": the username is shown instead.</summary>
    public static string? NormalizeDisplayName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();

    private static bool IsHiddenOrReordering(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator;
}

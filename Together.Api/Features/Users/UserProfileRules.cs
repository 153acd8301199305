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

    public static bool IsValidDisplayName(string? displayName, out string problem)
    {
        problem = "";
        if (displayName is null)
        {
            return true;
        }

        if (displayName.Length > DisplayNameMaxLength)
        {
            problem = $"Display names are at most {DisplayNameMaxLength} characters long.";
            return false;
        }

        var rest = displayName.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var length) != OperationStatus.Done)
            {
                problem = "Display names must be valid text.";
                return false;
            }

            if (IsHiddenOrReordering(rune))
            {
                problem = $"Display names may not contain invisible or text-direction characters (U+{rune.Value:X4}).";
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

using Together.Api.Domain;

namespace Together.Api.Features.Users;

/// <summary>Display names take any visible characters (<see cref="VisibleText"/>).</summary>
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

        if (!VisibleText.IsClean(displayName, out var hidden))
        {
            problem = "Display names " + hidden;
            return false;
        }

        return true;
    }

    /// <summary>Blank display names mean "none": the username is shown instead.</summary>
    public static string? NormalizeDisplayName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
}

namespace Together.Api.Features.Users;

public static class UserProfileRules
{
    public const int DisplayNameMaxLength = 32;

    /// <summary>Blank display names mean "none": the username is shown instead.</summary>
    public static string? NormalizeDisplayName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
}

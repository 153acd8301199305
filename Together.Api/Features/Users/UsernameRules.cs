namespace Together.Api.Features.Users;

/// <summary>
/// Usernames: 2–32 ASCII letters, digits, '_' or '.', unique regardless of case (Discord's current rule). ASCII
/// only, because names that merely look alike ('а' Cyrillic vs 'a' Latin, composed vs decomposed 'é') would let
/// one user pass for another, and the server runs without ICU, so Unicode normalisation cannot fold them.
/// Display names take any characters.
/// </summary>
public static class UsernameRules
{
    public const int MinLength = 2;
    public const int MaxLength = 32;

    public static bool IsValid(string? username, out string problem)
    {
        if (string.IsNullOrEmpty(username) || username.Length < MinLength || username.Length > MaxLength)
        {
            problem = $"Usernames are {MinLength} to {MaxLength} characters long.";
            return false;
        }

        foreach (var character in username)
        {
            if (!char.IsAsciiLetterOrDigit(character) && character != '_' && character != '.')
            {
                problem = "Usernames may contain only letters a–z, digits, '_' and '.'.";
                return false;
            }
        }

        problem = "";
        return true;
    }

    /// <summary>The form that carries the unique index.</summary>
    public static string Normalize(string username) => username.ToLowerInvariant();
}

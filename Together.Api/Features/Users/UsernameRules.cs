using System.Text;

namespace Together.Api.Features.Users;

/// <summary>Usernames: 2–32 letters, digits, '_' or '.', unique regardless of case.</summary>
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

        foreach (var rune in username.EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune) && rune.Value != '_' && rune.Value != '.')
            {
                problem = "Usernames may contain only letters, digits, '_' and '.'.";
                return false;
            }
        }

        problem = "";
        return true;
    }

    /// <summary>The form that carries the unique index: compatibility-normalised, then lower-cased.</summary>
    public static string Normalize(string username) =>
        username.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}

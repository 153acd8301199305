using System.Collections.Frozen;

namespace Together.Api.Features.Auth.Passwords;

/// <summary>Passwords: 8–128 characters, and not one of the 1,000 most common ones (case-insensitive).</summary>
public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(LoadCommonPasswords);

    public static bool IsValid(string? password, out string problem)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength || password.Length > MaxLength)
        {
            problem = $"Passwords are {MinLength} to {MaxLength} characters long.";
            return false;
        }

        if (IsCommon(password))
        {
            problem = "This password is one of the most common ones; choose another.";
            return false;
        }

        problem = "";
        return true;
    }

    public static bool IsCommon(string password) => CommonPasswords.Value.Contains(password);

    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("Together.Api.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>(1024);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                passwords.Add(line);
            }
        }

        return passwords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}

using System.ComponentModel.DataAnnotations;

namespace Together.Api.Features.Users;

public static class EmailRules
{
    public const int MaxLength = 254;

    private static readonly EmailAddressAttribute Shape = new();

    public static bool IsValid(string email) => email.Length <= MaxLength && Shape.IsValid(email);

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

using System.Buffers;
using System.Security.Cryptography;
using Together.Api.Domain;

namespace Together.Api.Features.Invites;

/// <summary>
/// Invite codes: <see cref="Invite.CodeLength"/> characters drawn uniformly from 62 letters and digits by the
/// system's cryptographic generator, about 59.5 bits, so guessing one among even millions of live invites takes
/// on the order of 10^11 tries (and joining is rate limited).
/// </summary>
public static class InviteCodes
{
    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly SearchValues<char> Letters = SearchValues.Create(Alphabet);

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Invite.CodeLength);

    /// <summary>Whether <paramref name="code"/> could be one of ours; anything else is not looked up.</summary>
    public static bool IsWellFormed(string code) =>
        code.Length == Invite.CodeLength && code.AsSpan().IndexOfAnyExcept(Letters) < 0;
}

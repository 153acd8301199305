using System.Security.Cryptography;
using System.Text;

namespace Together.MediaNode.Transport.Ice;

/// <summary>An ice-ufrag / ice-pwd pair (RFC 8839 §5.4): 4–256 and 22–256 characters of [A-Za-z0-9+/].</summary>
public sealed class IceCredentials
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const int GeneratedUfragLength = 16;
    private const int GeneratedPasswordLength = 32;

    public IceCredentials(string ufrag, string password)
    {
        if (!IsValid(ufrag, 4) || !IsValid(password, 22))
        {
            throw new ArgumentException("ICE ufrag must be 4–256 and pwd 22–256 characters of [A-Za-z0-9+/].");
        }

        Ufrag = ufrag;
        Password = password;
        PasswordBytes = Encoding.ASCII.GetBytes(password);
    }

    public string Ufrag { get; }

    public string Password { get; }

    /// <summary>The MESSAGE-INTEGRITY key for short-term credentials: the password itself (RFC 8489 §9.1).</summary>
    public byte[] PasswordBytes { get; }

    /// <summary>Fresh credentials from a CSPRNG; a 64-character alphabet, so 96 bits of ufrag and 192 of pwd.</summary>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, GeneratedUfragLength),
            RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    public static bool IsValid(string value, int minimumLength) =>
        value.Length >= minimumLength && value.Length <= 256 && value.All(c => IceChars.Contains(c, StringComparison.Ordinal));
}

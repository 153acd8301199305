using System.Security.Cryptography;
using Together.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Together.Api.Features.Auth.Tokens;

/// <summary>
/// A configured <c>Auth:SigningKey</c> that is not base64 of at least 32 bytes stops startup, naming the key:
/// found later, it would fail every request that needs a token.
/// </summary>
public sealed class SigningKeyValidation : IValidateOptions<AuthOptions>
{
    public const string ConfigurationKey = $"{AuthOptions.SectionName}:{nameof(AuthOptions.SigningKey)}";
    public const int MinimumBytes = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        string.IsNullOrWhiteSpace(options.SigningKey) || Decode(options.SigningKey) is not null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ConfigurationKey} must be base64 of at least {MinimumBytes} random bytes (e.g. `openssl rand -base64 64`), " +
                "or unset to generate one into the data directory.");

    /// <summary>The key's bytes, or <see langword="null"/> when it is not base64 or too short.</summary>
    public static byte[]? Decode(string configured)
    {
        var buffer = new byte[configured.Length];
        return Convert.TryFromBase64String(configured.Trim(), buffer, out var length) && length >= MinimumBytes
            ? buffer[..length]
            : null;
    }

    /// <summary>
    /// A symmetric key: <paramref name="configured"/> (base64, at least <see cref="MinimumBytes"/>) when set, else
    /// <paramref name="length"/> random bytes generated on first run into <paramref name="path"/> (mode 600) and read
    /// from there afterwards, so what it signed survives restarts and replicas sharing the data directory agree.
    /// </summary>
    public static byte[] ConfiguredOrGenerated(string? configured, string configurationKey, string path, int length, out bool created)
    {
        created = false;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Decode(configured)
                ?? throw new InvalidOperationException($"{configurationKey} is not base64 of at least {MinimumBytes} bytes.");
        }

        return Convert.FromBase64String(KeyFiles.ReadOrCreate(
            path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(length)), out created));
    }
}

using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Together.Api.Infrastructure;
using Together.ServiceDefaults;

namespace Together.Api.Features.Auth.Tokens;

/// <summary>
/// The HS256 key for access tokens: <c>Auth:SigningKey</c> when configured, else a key generated on first run and
/// kept (mode 600) in the data directory so tokens survive restarts.
/// </summary>
public sealed partial class JwtSigningKey
{
    private const int KeyLength = 64;

    public JwtSigningKey(IOptions<AuthOptions> options, DataDirectory dataDirectory, ILogger<JwtSigningKey> logger)
    {
        var path = dataDirectory.Combine("keys", "jwt-signing.key");
        var bytes = SigningKeyValidation.ConfiguredOrGenerated(
            options.Value.SigningKey, SigningKeyValidation.ConfigurationKey, path, KeyLength, out var created);
        if (created)
        {
            LogGenerated(logger, path);
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a new access-token signing key at {Path}")]
    private static partial void LogGenerated(ILogger logger, string path);
}

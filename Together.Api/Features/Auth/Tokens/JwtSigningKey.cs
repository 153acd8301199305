using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Together.Api.Infrastructure;

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
        var configured = options.Value.SigningKey;
        byte[] bytes;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            bytes = Convert.FromBase64String(configured);
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException("Auth:SigningKey must be base64 of at least 32 bytes.");
            }
        }
        else
        {
            bytes = LoadOrCreate(dataDirectory.Combine("keys", "jwt-signing.key"), logger);
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var bytes = RandomNumberGenerator.GetBytes(KeyLength);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(Convert.ToBase64String(bytes));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of this install created it first; use theirs.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        LogGenerated(logger, path);
        return bytes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a new access-token signing key at {Path}")]
    private static partial void LogGenerated(ILogger logger, string path);
}

using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Attachments;

/// <summary>
/// Signed attachment URLs: <c>/api/attachments/{id}/{filename}?ex={unix seconds}&amp;sig={HMAC-SHA256("id:ex")}</c>.
/// A browser cannot send a bearer token with <c>&lt;img src&gt;</c>, so the URL itself is the permission, handed only
/// to those who may see the message, and it expires. Expiries are rounded up to the hour, so the same message read
/// twice within the hour gives the same URL and the browser's cache is used.
/// </summary>
public sealed partial class AttachmentUrls
{
    private const int KeyLength = 64;

    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public AttachmentUrls(IOptions<AttachmentOptions> options, DataDirectory dataDirectory, TimeProvider time, ILogger<AttachmentUrls> logger)
    {
        _lifetime = options.Value.UrlLifetime;
        _time = time;
        var path = dataDirectory.Combine("keys", "attachment-url.key");
        _key = SigningKeyValidation.ConfiguredOrGenerated(
            options.Value.SigningKey, $"{AttachmentOptions.SectionName}:{nameof(AttachmentOptions.SigningKey)}", path, KeyLength, out var created);
        if (created)
        {
            LogGenerated(logger, path);
        }
    }

    public string For(Attachment attachment)
    {
        var hour = TimeSpan.FromHours(1).Ticks;
        var expires = new DateTimeOffset((_time.GetUtcNow() + _lifetime).UtcTicks / hour * hour + hour, TimeSpan.Zero).ToUnixTimeSeconds();
        var id = Snowflake.Format(attachment.Id);
        return $"/api/attachments/{id}/{Uri.EscapeDataString(attachment.FileName)}?ex={expires}&sig={Sign(id, expires)}";
    }

    public UrlCheck Check(long attachmentId, string? expires, string? signature)
    {
        if (expires is null || signature is null
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
        {
            return UrlCheck.Invalid;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(Snowflake.Format(attachmentId), expiresAt));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return UrlCheck.Invalid;
        }

        return expiresAt > _time.GetUtcNow().ToUnixTimeSeconds() ? UrlCheck.Valid : UrlCheck.Expired;
    }

    private string Sign(string id, long expires) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{id}:{expires}")));

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a new attachment-URL signing key at {Path}")]
    private static partial void LogGenerated(ILogger logger, string path);
}

public enum UrlCheck
{
    Invalid,
    Expired,
    Valid,
}

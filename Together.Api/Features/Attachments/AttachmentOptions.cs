using System.ComponentModel.DataAnnotations;
using Together.Api.Features.Auth.Tokens;

namespace Together.Api.Features.Attachments;

/// <summary>The <c>Attachments</c> configuration section.</summary>
public sealed class AttachmentOptions : IValidatableObject
{
    public const string SectionName = "Attachments";

    /// <summary>The most files one message may carry, whatever is configured (Discord's limit, and the API's).</summary>
    public const int MaxFilesLimit = 10;

    /// <summary>Largest uploaded file, in bytes (25 MiB by default).</summary>
    [Range(1024L, 4L * 1024 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Files per upload request and per message.</summary>
    [Range(1, MaxFilesLimit)]
    public int MaxFilesPerMessage { get; set; } = MaxFilesLimit;

    /// <summary>How long an upload may wait to be sent with a message before it is deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan UnattachedLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often expired uploads and files no attachment refers to are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a signed attachment URL works (expiries are rounded up to the hour, so at least that).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Base64 of at least 32 random bytes: the HMAC key of attachment URLs. When unset, one is generated on first run
    /// into <c>&lt;data&gt;/keys/attachment-url.key</c>. Every Api replica must share it.
    /// </summary>
    public string? SigningKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(SigningKey) && SigningKeyValidation.Decode(SigningKey) is null)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(SigningKey)} must be base64 of at least {SigningKeyValidation.MinimumBytes} random bytes " +
                "(e.g. `openssl rand -base64 64`), or unset to generate one into the data directory.",
                [nameof(SigningKey)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Together.Api.Infrastructure.RateLimiting;

/// <summary>
/// Per-account and per-address limits on what people do once signed in (the <c>RateLimits</c> section), over REST
/// and the gateway alike. Each is <c>PermitLimit</c> per <c>Window</c>, counted in fixed windows per process.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Messages sent by one account (DESIGN §5: 100 a minute).</summary>
    [Required]
    public RateLimitRule MessagesPerUser { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Messages sent from one client address by all its accounts: several people may share an address.</summary>
    [Required]
    public RateLimitRule MessagesPerIp { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Typing calls by one account, REST and hub together (announcements are coalesced anyway).</summary>
    [Required]
    public RateLimitRule TypingPerUser { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Presence updates by one account.</summary>
    [Required]
    public RateLimitRule PresencePerUser { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Upload requests (<c>POST /attachments</c>, each up to <c>Attachments:MaxFilesPerMessage</c> files) by one account:
    /// together with the expiry of unsent uploads, this bounds how fast one account can fill the disk.
    /// </summary>
    [Required]
    public RateLimitRule UploadsPerUser { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Upload requests from one client address by all its accounts.</summary>
    [Required]
    public RateLimitRule UploadsPerIp { get; set; } = new() { PermitLimit = 90, Window = TimeSpan.FromMinutes(10) };

    /// <summary>The ceiling on all authenticated REST requests from one client address.</summary>
    [Required]
    public RateLimitRule RestPerIp { get; set; } = new() { PermitLimit = 1200, Window = TimeSpan.FromMinutes(1) };
}

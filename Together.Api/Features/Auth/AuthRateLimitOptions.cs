using System.ComponentModel.DataAnnotations;

namespace Together.Api.Features.Auth;

/// <summary>Fixed-window limits on sign-in and sign-up, per client IP and per account name.</summary>
public sealed class AuthRateLimitOptions
{
    public const string SectionName = "Auth:RateLimits";

    [Required]
    public RateLimitRule LoginPerIp { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };

    [Required]
    public RateLimitRule LoginPerAccount { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(5) };

    [Required]
    public RateLimitRule RegisterPerIp { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromHours(1) };

    [Required]
    public RateLimitRule RegisterPerAccount { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(10) };
}

public sealed class RateLimitRule
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}

using System.ComponentModel.DataAnnotations;
using Together.Api.Infrastructure.RateLimiting;

namespace Together.Api.Features.Auth;

/// <summary>
/// Limits on signing in, signing up and refreshing (the <c>Auth:RateLimits</c> section). Per-address limits count
/// every request; the sign-in failure limits count wrong passwords only, so the owner of an account an attacker
/// is guessing at can still sign in from their own address.
/// </summary>
public sealed class AuthRateLimitOptions
{
    public const string SectionName = "Auth:RateLimits";

    [Required]
    public RateLimitRule LoginPerIp { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Wrong passwords for one account from one client address (sign-in and current-password checks).</summary>
    [Required]
    public RateLimitRule LoginFailuresPerAccountAndAddress { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(5) };

    /// <summary>Wrong passwords for one account from all addresses together: the ceiling on distributed guessing.</summary>
    [Required]
    public RateLimitRule LoginFailuresPerAccount { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(15) };

    [Required]
    public RateLimitRule RegisterPerIp { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromHours(1) };

    [Required]
    public RateLimitRule RegisterPerAccount { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(10) };

    [Required]
    public RateLimitRule RefreshPerIp { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };
}

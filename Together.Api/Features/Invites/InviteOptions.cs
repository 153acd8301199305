using System.ComponentModel.DataAnnotations;
using Together.Api.Features.Auth;
using Together.Api.Infrastructure.RateLimiting;

namespace Together.Api.Features.Invites;

/// <summary>Limits on joining through invites (the <c>Invites:RateLimits</c> section): they slow down code guessing.</summary>
public sealed class InviteRateLimitOptions
{
    public const string SectionName = "Invites:RateLimits";

    /// <summary>Join attempts (whatever their outcome) by one user.</summary>
    [Required]
    public RateLimitRule AcceptPerUser { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Join attempts from one client address, all users together.</summary>
    [Required]
    public RateLimitRule AcceptPerIp { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Previews (anonymous or not) from one client address.</summary>
    [Required]
    public RateLimitRule PreviewPerIp { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };
}

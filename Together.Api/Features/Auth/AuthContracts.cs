using System.ComponentModel.DataAnnotations;
using Together.Api.Features.Auth.Passwords;
using Together.Api.Features.Users;

namespace Together.Api.Features.Auth;

public sealed record RegisterRequest(
    [Required, StringLength(UsernameRules.MaxLength)] string Username,
    [Required, StringLength(PasswordRules.MaxLength)] string Password,
    [StringLength(EmailRules.MaxLength)] string? Email,
    [StringLength(UserProfileRules.DisplayNameMaxLength)] string? DisplayName);

/// <summary><c>login</c> is a username or an email address.</summary>
public sealed record LoginRequest(
    [Required, StringLength(EmailRules.MaxLength)] string Login,
    [Required, StringLength(PasswordRules.MaxLength)] string Password);

public sealed record RefreshRequest([Required, StringLength(128)] string RefreshToken);

/// <summary><c>expiresIn</c> is the access token's lifetime in seconds.</summary>
public sealed record AuthResponse(CurrentUserDto User, string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>One signed-in device; <c>current</c> marks the one making the request.</summary>
public sealed record SessionDto(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    string? UserAgent,
    string? IpAddress,
    bool Current);

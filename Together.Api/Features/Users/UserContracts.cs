using System.ComponentModel.DataAnnotations;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;
using Together.Api.Domain;

namespace Together.Api.Features.Users;

/// <summary>The signed-in user as they see themselves (REST and the gateway's READY).</summary>
[MessagePackObject]
public sealed record CurrentUserDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("username")] string Username,
    [property: MessagePackKey("displayName")] string? DisplayName,
    [property: MessagePackKey("email")] string? Email,
    [property: MessagePackKey("isAdmin")] bool IsAdmin,
    [property: MessagePackKey("createdAt")] DateTimeOffset CreatedAt);

/// <summary>Another user as anyone signed in may see them (REST, and inside gateway payloads).</summary>
[MessagePackObject]
public sealed record UserDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("username")] string Username,
    [property: MessagePackKey("displayName")] string? DisplayName,
    [property: MessagePackKey("createdAt")] DateTimeOffset CreatedAt);

/// <summary>
/// PATCH /users/@me: every field is optional and absent fields stay as they are. A new password needs the current
/// one, and ends every other session.
/// </summary>
public sealed record UpdateCurrentUserRequest(
    [StringLength(UsernameRules.MaxLength)] string? Username,
    [StringLength(UserProfileRules.DisplayNameMaxLength)] string? DisplayName,
    [StringLength(EmailRules.MaxLength)] string? Email,
    [StringLength(128)] string? CurrentPassword,
    [StringLength(128)] string? NewPassword);

public static class UserMappings
{
    public static CurrentUserDto ToCurrentUserDto(this User user) =>
        new(Snowflake.Format(user.Id), user.Username, user.DisplayName, user.Email, user.IsAdmin, user.CreatedAt);

    public static UserDto ToUserDto(this User user) =>
        new(Snowflake.Format(user.Id), user.Username, user.DisplayName, user.CreatedAt);
}

using System.ComponentModel.DataAnnotations;
using Together.Api.Features.Users;

namespace Together.Api.Features.Invites;

/// <summary>
/// POST /channels/{id}/invites. <c>maxAge</c> in seconds (0 = never expires; default 1 day, at most 7 days),
/// <c>maxUses</c> (0 = unlimited, the default; at most 100), <c>temporary</c> membership, and <c>roleIds</c> given to
/// everyone who joins through it.
/// </summary>
public sealed record CreateInviteRequest(
    [Range(0, InviteRules.MaxAgeSeconds)] int? MaxAge,
    [Range(0, InviteRules.MaxUses)] int? MaxUses,
    bool? Temporary,
    [MaxLength(InviteRules.MaxRoles)] IReadOnlyList<string>? RoleIds);

public static class InviteRules
{
    public const int DefaultMaxAgeSeconds = 24 * 60 * 60;
    public const int MaxAgeSeconds = 7 * 24 * 60 * 60;
    public const int MaxUses = 100;
    public const int MaxRoles = 10;
}

/// <summary>An invite as its server's managers (and its creator) see it.</summary>
public sealed record InviteDto(
    string Code,
    string ServerId,
    string ChannelId,
    UserDto? Inviter,
    DateTimeOffset CreatedAt,
    int MaxAge,
    DateTimeOffset? ExpiresAt,
    int MaxUses,
    int Uses,
    bool Temporary,
    IReadOnlyList<string> RoleIds);

/// <summary>What anyone holding the code may see before joining, signed in or not.</summary>
public sealed record InvitePreviewDto(string Code, InviteServerDto Server, InviteChannelDto Channel, DateTimeOffset? ExpiresAt);

/// <summary>
/// <c>icon</c> is the icon's content hash, as in the server object; <c>onlineCount</c> the members connected to the
/// gateway now.
/// </summary>
public sealed record InviteServerDto(string Id, string Name, string? Description, string? Icon, int MemberCount, int OnlineCount);

public sealed record InviteChannelDto(string Id, string? Name, string Type);

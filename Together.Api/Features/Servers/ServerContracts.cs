using System.ComponentModel.DataAnnotations;
using Together.Api.Domain;
using Together.Api.Features.Channels;
using Together.Api.Features.Roles;
using Together.Api.Features.Users;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.Servers;

public sealed record CreateServerRequest([Required, StringLength(Server.NameMaxLength)] string Name);

/// <summary>PATCH: absent (or null) fields stay as they are; an empty <c>description</c> removes it.</summary>
public sealed record UpdateServerRequest(
    [StringLength(Server.NameMaxLength)] string? Name,
    [StringLength(Server.DescriptionMaxLength)] string? Description);

public sealed record TransferServerRequest([Required, StringLength(20)] string UserId);

/// <summary>
/// A server as its members see it. <c>icon</c> is the icon's content hash; the image is at
/// <c>/api/icons/{icon}</c> (public and immutable, so clients and proxies may cache it for ever).
/// </summary>
[MessagePackObject]
public sealed record ServerDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("name")] string Name,
    [property: MessagePackKey("description")] string? Description,
    [property: MessagePackKey("icon")] string? Icon,
    [property: MessagePackKey("ownerId")] string OwnerId,
    [property: MessagePackKey("createdAt")] DateTimeOffset CreatedAt);

/// <summary>
/// Everything one member sees of a server (READY's <c>servers</c>, SERVER_CREATE, the answer to creating one), flat
/// as Discord's GUILD_CREATE: the server's fields, the channels they may view, every role, and <c>members</c>, which
/// holds their own membership.
/// </summary>
[MessagePackObject]
public sealed record ServerStateDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("name")] string Name,
    [property: MessagePackKey("description")] string? Description,
    [property: MessagePackKey("icon")] string? Icon,
    [property: MessagePackKey("ownerId")] string OwnerId,
    [property: MessagePackKey("createdAt")] DateTimeOffset CreatedAt,
    [property: MessagePackKey("channels")] IReadOnlyList<ChannelDto> Channels,
    [property: MessagePackKey("roles")] IReadOnlyList<RoleDto> Roles,
    [property: MessagePackKey("members")] IReadOnlyList<MemberDto> Members);

/// <summary>
/// A membership: the user, their nickname, their roles (never @everyone, which everyone has). <c>status</c>, the
/// user's presence as others see it, only in the member list and a member's GET (events carry PRESENCE_UPDATE).
/// </summary>
[MessagePackObject]
public sealed record MemberDto(
    [property: MessagePackKey("serverId")] string ServerId,
    [property: MessagePackKey("user")] UserDto User,
    [property: MessagePackKey("nickname")] string? Nickname,
    [property: MessagePackKey("roles")] IReadOnlyList<string> Roles,
    [property: MessagePackKey("joinedAt")] DateTimeOffset JoinedAt,
    [property: MessagePackKey("timeoutUntil")] DateTimeOffset? TimeoutUntil,
    [property: MessagePackKey("status"), System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Status = null);

public static class ServerMappings
{
    public static ServerStateDto ToStateDto(
        this Server server, IReadOnlyList<ChannelDto> channels, IReadOnlyList<RoleDto> roles, MemberDto member) =>
        new(Snowflake.Format(server.Id), server.Name, server.Description, server.IconHash, Snowflake.Format(server.OwnerId),
            server.CreatedAt, channels, roles, [member]);

    public static ServerDto ToDto(this Server server) =>
        new(Snowflake.Format(server.Id), server.Name, server.Description, server.IconHash, Snowflake.Format(server.OwnerId),
            server.CreatedAt);

    /// <summary>The member with <see cref="Member.User"/> and <see cref="Member.Roles"/> loaded.</summary>
    public static MemberDto ToDto(this Member member) =>
        new(Snowflake.Format(member.ServerId),
            (member.User ?? throw new InvalidOperationException("Load the member's user.")).ToUserDto(),
            member.Nickname,
            member.Roles.Select(role => Snowflake.Format(role.RoleId)).Order(StringComparer.Ordinal).ToList(),
            member.JoinedAt,
            member.TimeoutUntil);
}

using Together.Api.Features.Roles;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>SERVER_DELETE: the server is gone, or the connection's user is no longer a member.</summary>
[MessagePackObject]
public sealed record ServerDeletePayload([property: MessagePackKey("id")] string Id);

/// <summary>CHANNEL_DELETE: the channel is gone, or the connection's user may no longer view it.</summary>
[MessagePackObject]
public sealed record ChannelDeletePayload(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("serverId")] string ServerId);

/// <summary>ROLE_CREATE and ROLE_UPDATE.</summary>
[MessagePackObject]
public sealed record RolePayload(
    [property: MessagePackKey("serverId")] string ServerId,
    [property: MessagePackKey("role")] RoleDto Role);

[MessagePackObject]
public sealed record RoleDeletePayload(
    [property: MessagePackKey("serverId")] string ServerId,
    [property: MessagePackKey("roleId")] string RoleId);

/// <summary>MEMBER_REMOVE: the user left, was kicked or banned, or their temporary membership ended.</summary>
[MessagePackObject]
public sealed record MemberRemovePayload(
    [property: MessagePackKey("serverId")] string ServerId,
    [property: MessagePackKey("userId")] string UserId);

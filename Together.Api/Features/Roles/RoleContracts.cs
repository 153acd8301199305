using System.ComponentModel.DataAnnotations;
using Together.Api.Domain;
using Together.Api.Permissions;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.Roles;

/// <summary><c>permissions</c> is a decimal string of Discord's bits; <c>color</c> is 0xRRGGBB, 0 for none.</summary>
[MessagePackObject]
public sealed record RoleDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("serverId")] string ServerId,
    [property: MessagePackKey("name")] string Name,
    [property: MessagePackKey("color")] int Color,
    [property: MessagePackKey("hoist")] bool Hoist,
    [property: MessagePackKey("mentionable")] bool Mentionable,
    [property: MessagePackKey("permissions")] string Permissions,
    [property: MessagePackKey("position")] int Position);

/// <summary>POST: absent fields take defaults (name "new role", no colour, no permissions).</summary>
public sealed record CreateRoleRequest(
    [StringLength(Role.NameMaxLength)] string? Name,
    int? Color,
    bool? Hoist,
    bool? Mentionable,
    [StringLength(20)] string? Permissions);

/// <summary>PATCH: absent (or null) fields stay as they are.</summary>
public sealed record UpdateRoleRequest(
    [StringLength(Role.NameMaxLength)] string? Name,
    int? Color,
    bool? Hoist,
    bool? Mentionable,
    [StringLength(20)] string? Permissions);

/// <summary>One entry of a reorder: the role and its new position (1 = just above @everyone).</summary>
public sealed record RolePositionRequest([StringLength(20)] string? Id, int? Position);

public static class RoleMappings
{
    public static RoleDto ToDto(this Role role) =>
        new(Snowflake.Format(role.Id), Snowflake.Format(role.ServerId), role.Name, role.Color, role.Hoist, role.Mentionable,
            PermissionText.Format(role.Permissions), role.Position);
}

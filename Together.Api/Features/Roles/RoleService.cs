using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Permissions;

namespace Together.Api.Features.Roles;

/// <summary>
/// A server's roles. Hierarchy (Discord's): a member manages only roles below their highest role, and grants only
/// permission bits they hold; the owner and administrators are exempt from the second rule, the owner from both.
/// @everyone (id = server id, position 0) can be edited but not renamed, moved or deleted. Positions of the other
/// roles are kept as 1..n.
/// </summary>
public sealed class RoleService(TogetherDbContext db, SnowflakeGenerator ids, TimeProvider time, AuditLogWriter audit)
{
    public const string DefaultName = "new role";
    public const int MaxColor = 0xFFFFFF;

    public async Task<IReadOnlyList<RoleDto>> ListAsync(long serverId, CancellationToken cancellationToken) =>
        (await LoadAsync(serverId, tracked: false, cancellationToken)).Select(role => role.ToDto()).ToList();

    /// <summary>A new role just above @everyone (the others move up one).</summary>
    public async Task<RolesChanged> CreateAsync(ServerAccess access, CreateRoleRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name is null ? DefaultName : VisibleText.RequireName(request.Name, "name", 1, Role.NameMaxLength);
        CheckColor(request.Color);
        var permissions = Bits(request.Permissions);
        RequireGrantable(access, permissions);
        var roles = await LoadAsync(access.ServerId, tracked: true, cancellationToken);
        var role = new Role
        {
            Id = ids.NewId(),
            ServerId = access.ServerId,
            Name = name,
            Color = request.Color ?? 0,
            Hoist = request.Hoist ?? false,
            Mentionable = request.Mentionable ?? false,
            Permissions = permissions,
            Position = 1,
            CreatedAt = time.GetUtcNow(),
        };
        db.Roles.Add(role);
        var shifted = Renumber([.. roles.Where(other => !other.IsEveryone)], [role]);
        audit.Record(access.ServerId, access.UserId, AuditLogActions.RoleCreate, role.Id, new AuditChanges()
            .Add("name", (string?)null, role.Name)
            .Add("color", 0, role.Color)
            .Add("hoist", false, role.Hoist)
            .Add("mentionable", false, role.Mentionable)
            .Add("permissions", Permission.None, role.Permissions));
        await db.SaveChangesAsync(cancellationToken);
        return new RolesChanged(access.ServerId, [role.ToDto()], shifted.Where(other => other != role).Select(other => other.ToDto()).ToList(), []);
    }

    /// <summary>Null when nothing changed.</summary>
    public async Task<RoleDto?> UpdateAsync(ServerAccess access, long roleId, UpdateRoleRequest request, CancellationToken cancellationToken)
    {
        var roles = await LoadAsync(access.ServerId, tracked: true, cancellationToken);
        var role = Find(roles, roleId);
        RequireOutranks(access, role);
        if (role.IsEveryone && request.Name is not null && request.Name != role.Name)
        {
            throw DomainException.Validation("name", "@everyone cannot be renamed.");
        }

        var name = request.Name is null ? role.Name : VisibleText.RequireName(request.Name, "name", 1, Role.NameMaxLength);
        CheckColor(request.Color);
        var permissions = request.Permissions is null ? role.Permissions : Bits(request.Permissions);
        RequireGrantable(access, permissions & ~role.Permissions);
        var changes = new AuditChanges()
            .Add("name", role.Name, name)
            .Add("color", role.Color, request.Color ?? role.Color)
            .Add("hoist", role.Hoist, request.Hoist ?? role.Hoist)
            .Add("mentionable", role.Mentionable, request.Mentionable ?? role.Mentionable)
            .Add("permissions", role.Permissions, permissions);
        if (changes.IsEmpty)
        {
            return null;
        }

        role.Name = name;
        role.Color = request.Color ?? role.Color;
        role.Hoist = request.Hoist ?? role.Hoist;
        role.Mentionable = request.Mentionable ?? role.Mentionable;
        role.Permissions = permissions;
        audit.Record(access.ServerId, access.UserId, AuditLogActions.RoleUpdate, role.Id, changes);
        await db.SaveChangesAsync(cancellationToken);
        return role.ToDto();
    }

    public async Task<RolesChanged> DeleteAsync(ServerAccess access, long roleId, CancellationToken cancellationToken)
    {
        var roles = await LoadAsync(access.ServerId, tracked: true, cancellationToken);
        var role = Find(roles, roleId);
        if (role.IsEveryone)
        {
            throw DomainException.Validation("roleId", "@everyone cannot be deleted.");
        }

        RequireOutranks(access, role);
        db.Roles.Remove(role);
        var shifted = Renumber([.. roles.Where(other => !other.IsEveryone && other != role)], []);
        audit.Record(access.ServerId, access.UserId, AuditLogActions.RoleDelete, role.Id, new AuditChanges()
            .Add("name", role.Name, null)
            .Add("permissions", role.Permissions, Permission.None));
        await db.SaveChangesAsync(cancellationToken);
        return new RolesChanged(access.ServerId, [], shifted.Select(other => other.ToDto()).ToList(), [role.Id]);
    }

    /// <summary>Moves roles to the given positions (1 = just above @everyone); the others close up around them.</summary>
    public async Task<RolesChanged> ReorderAsync(
        ServerAccess access, IReadOnlyList<RolePositionRequest> moves, CancellationToken cancellationToken)
    {
        var roles = await LoadAsync(access.ServerId, tracked: true, cancellationToken);
        var byId = roles.ToDictionary(role => role.Id);
        var planned = new List<(Role Role, int Position)>();
        var errors = new Dictionary<string, string[]>();
        for (var index = 0; index < moves.Count; index++)
        {
            if (!Snowflake.TryParse(moves[index].Id, out var id) || !byId.TryGetValue(id, out var role))
            {
                errors[$"[{index}].id"] = ["No such role in this server."];
            }
            else if (role.IsEveryone)
            {
                errors[$"[{index}].id"] = ["@everyone is always at the bottom."];
            }
            else if (planned.Any(entry => entry.Role == role))
            {
                errors[$"[{index}].id"] = ["Each role may appear once."];
            }
            else if (moves[index].Position is not >= 1)
            {
                errors[$"[{index}].position"] = ["Positions start at 1 (just above @everyone)."];
            }
            else
            {
                planned.Add((role, moves[index].Position!.Value));
            }
        }

        if (errors.Count > 0 || moves.Count == 0)
        {
            throw DomainException.Validation(errors.Count > 0 ? errors : new Dictionary<string, string[]> { ["body"] = ["Name at least one role."] });
        }

        foreach (var (role, position) in planned)
        {
            RequireOutranks(access, role);
            if (!access.Outranks(position))
            {
                throw DomainException.Forbidden(ErrorCodes.RoleHierarchy, "You can only move roles to below your highest role.");
            }
        }

        var before = roles.ToDictionary(role => role.Id, role => role.Position);
        var ordered = roles.Where(role => !role.IsEveryone && !planned.Any(entry => entry.Role == role)).OrderBy(role => role.Position).ThenBy(role => role.Id).ToList();
        foreach (var (role, position) in planned.OrderBy(entry => entry.Position))
        {
            ordered.Insert(Math.Min(position - 1, ordered.Count), role);
        }

        var shifted = Number(ordered);
        foreach (var role in shifted)
        {
            audit.Record(access.ServerId, access.UserId, AuditLogActions.RoleUpdate, role.Id,
                new AuditChanges().Add("position", before[role.Id], role.Position));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RolesChanged(access.ServerId, [], shifted.Select(role => role.ToDto()).ToList(), []);
    }

    private async Task<List<Role>> LoadAsync(long serverId, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.Roles.Where(role => role.ServerId == serverId);
        return await (tracked ? query : query.AsNoTracking()).OrderBy(role => role.Position).ThenBy(role => role.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Puts <paramref name="inserted"/> at the bottom of <paramref name="others"/> and numbers them all 1..n.</summary>
    private static List<Role> Renumber(List<Role> others, IReadOnlyList<Role> inserted) =>
        Number([.. inserted, .. others.OrderBy(role => role.Position).ThenBy(role => role.Id)]);

    /// <summary>Numbers the roles 1..n in order; returns those whose position changed.</summary>
    private static List<Role> Number(List<Role> ordered)
    {
        var changed = new List<Role>();
        for (var index = 0; index < ordered.Count; index++)
        {
            if (ordered[index].Position != index + 1)
            {
                ordered[index].Position = index + 1;
                changed.Add(ordered[index]);
            }
        }

        return changed;
    }

    private static Role Find(List<Role> roles, long roleId) =>
        roles.FirstOrDefault(role => role.Id == roleId) ?? throw DomainException.NotFound("The role");

    private static void RequireOutranks(ServerAccess access, Role role)
    {
        if (!access.Outranks(role.Position))
        {
            throw DomainException.Forbidden(ErrorCodes.RoleHierarchy, "You can only manage roles below your highest role.");
        }
    }

    /// <summary>Nobody grants what they do not hold, except the owner and administrators (who hold everything).</summary>
    private static void RequireGrantable(ServerAccess access, Permission granted)
    {
        var missing = granted & ~access.Permissions;
        if (missing != Permission.None && !access.IsOwner && !access.Has(Permission.Administrator))
        {
            throw DomainException.Forbidden(ErrorCodes.MissingPermission,
                $"You cannot grant permissions you do not have: {PermissionEndpointExtensions.Describe(missing)}.");
        }
    }

    private static void CheckColor(int? color)
    {
        if (color is < 0 or > MaxColor)
        {
            throw DomainException.Validation("color", "Colours are 0xRRGGBB as a number from 0 to 16777215.");
        }
    }

    private static Permission Bits(string? value) =>
        value is null ? Permission.None
        : PermissionText.TryParse(value, out var bits) ? bits
        : throw DomainException.Validation("permissions", "Permissions are a decimal string of known permission bits.");
}

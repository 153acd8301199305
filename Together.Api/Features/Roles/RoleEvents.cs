namespace Together.Api.Features.Roles;

/// <summary>
/// Roles of a server were created, changed (including positions shifted by a create, delete or reorder) or deleted,
/// and the change was saved. The gateway sends ROLE_CREATE, ROLE_UPDATE and ROLE_DELETE to the server's members,
/// then CHANNEL_CREATE/DELETE to those who may now view more or fewer channels.
/// </summary>
public sealed record RolesChanged(
    long ServerId, IReadOnlyList<RoleDto> Created, IReadOnlyList<RoleDto> Updated, IReadOnlyList<long> Deleted);

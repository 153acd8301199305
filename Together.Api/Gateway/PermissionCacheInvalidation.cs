using MassTransit;
using Together.Api.Features.Channels;
using Together.Api.Features.Members;
using Together.Api.Features.Roles;
using Together.Api.Features.Servers;
using Together.Api.Permissions;

namespace Together.Api.Gateway;

/// <summary>
/// Empties this replica's <see cref="PermissionSnapshotCache"/> when another replica announces a change to what
/// permissions are computed from. It sits with the gateway's consumers because, like them, it must run on every
/// replica; the replica that made the change has already emptied its own cache at the commit.
/// </summary>
public sealed class PermissionCacheInvalidation(PermissionSnapshotCache cache) :
    IConsumer<RolesChanged>,
    IConsumer<ChannelsChanged>,
    IConsumer<MemberAdded>,
    IConsumer<MemberUpdated>,
    IConsumer<MemberRemoved>,
    IConsumer<ServerMembershipChanged>,
    IConsumer<ServerUpdated>,
    IConsumer<ServerDeleted>,
    IConsumer<ServerPermissionsChanged>
{
    public Task Consume(ConsumeContext<RolesChanged> context) => Invalidate();

    public Task Consume(ConsumeContext<ChannelsChanged> context) => Invalidate();

    public Task Consume(ConsumeContext<MemberAdded> context) => Invalidate();

    public Task Consume(ConsumeContext<MemberUpdated> context) => Invalidate();

    public Task Consume(ConsumeContext<MemberRemoved> context) => Invalidate();

    public Task Consume(ConsumeContext<ServerMembershipChanged> context) => Invalidate();

    public Task Consume(ConsumeContext<ServerUpdated> context) => Invalidate();

    public Task Consume(ConsumeContext<ServerDeleted> context) => Invalidate();

    public Task Consume(ConsumeContext<ServerPermissionsChanged> context) => Invalidate();

    private Task Invalidate()
    {
        cache.Invalidate();
        return Task.CompletedTask;
    }
}

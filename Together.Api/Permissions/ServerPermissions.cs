using Together.Api.Domain;

namespace Together.Api.Permissions;

/// <summary>
/// A whole server's roles and channels held in memory, to ask <see cref="PermissionCalculator"/> about many
/// members and channels at once (READY, gateway fan-out) without a query per question. Pure, like the calculator.
/// </summary>
public sealed class ServerPermissions
{
    private readonly Dictionary<long, Channel> _channels;

    /// <param name="channels">Every channel of the server, with <see cref="Channel.Overwrites"/> loaded.</param>
    public ServerPermissions(ServerSnapshot server, IEnumerable<Channel> channels)
    {
        Server = server;
        _channels = channels.ToDictionary(channel => channel.Id);
    }

    public ServerPermissions(long serverId, long ownerId, IEnumerable<Role> roles, IEnumerable<Channel> channels)
        : this(new ServerSnapshot(serverId, ownerId,
            roles.ToDictionary(role => role.Id, role => new RoleSnapshot(role.Id, role.Position, role.Permissions))), channels)
    {
    }

    public ServerSnapshot Server { get; }

    public IEnumerable<Channel> Channels => _channels.Values;

    public IReadOnlyList<PermissionOverwrite> EffectiveOverwrites(Channel channel) => EffectiveOverwrites(channel, _channels);

    /// <summary>The overwrites in force on the channel: its category's while it is synced with it.</summary>
    public static IReadOnlyList<PermissionOverwrite> EffectiveOverwrites(Channel channel, IReadOnlyDictionary<long, Channel> channels) =>
        channel.PermissionsSynced && channel.ParentId is { } parentId && channels.TryGetValue(parentId, out var parent)
            ? parent.Overwrites
            : channel.Overwrites;

    public Permission ForChannel(MemberSnapshot member, Channel channel, DateTimeOffset now)
    {
        var overwrites = EffectiveOverwrites(channel)
            .Select(overwrite => new OverwriteSnapshot(overwrite.TargetId, overwrite.TargetType, overwrite.Allow, overwrite.Deny))
            .ToList();
        return PermissionCalculator.ForChannel(Server, member, new ChannelSnapshot(channel.Id, channel.Type, overwrites), now);
    }

    public bool CanView(MemberSnapshot member, Channel channel, DateTimeOffset now) =>
        ForChannel(member, channel, now).HasFlag(Permission.ViewChannel);

    /// <summary>The channels the member may view, in display order.</summary>
    public IEnumerable<Channel> Visible(MemberSnapshot member, DateTimeOffset now) =>
        _channels.Values.Where(channel => CanView(member, channel, now))
            .OrderBy(channel => channel.Position).ThenBy(channel => channel.Id);

    public static MemberSnapshot Snapshot(Member member) =>
        new(member.UserId, member.Roles.Select(role => role.RoleId).ToList(), member.TimeoutUntil);
}

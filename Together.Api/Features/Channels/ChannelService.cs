using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Permissions;

namespace Together.Api.Features.Channels;

/// <summary>
/// Creating, changing, reordering and deleting a server's channels. Callers have checked permissions; this checks
/// the input against the server's channels. Each change returns the ids of the channels whose own state changed,
/// for <see cref="ChannelsChanged"/>.
/// </summary>
public sealed class ChannelService(TogetherDbContext db, SnowflakeGenerator ids, TimeProvider time, AuditLogWriter audit)
{
    /// <summary>The channels the member may view, in display order.</summary>
    public async Task<IReadOnlyList<ChannelDto>> ListVisibleAsync(ServerAccess access, CancellationToken cancellationToken)
    {
        var permissions = new ServerPermissions(access.Server, (await LoadAsync(access.ServerId, tracked: false, cancellationToken)).Values);
        return permissions.Visible(access.Member, time.GetUtcNow())
            .Select(channel => channel.ToDto(permissions.EffectiveOverwrites(channel))).ToList();
    }

    public async Task<ChannelDto> GetAsync(long serverId, long channelId, CancellationToken cancellationToken)
    {
        var channels = await LoadAsync(serverId, tracked: false, cancellationToken);
        return ToDto(channels[channelId], channels);
    }

    public async Task<ChannelDto> CreateAsync(long serverId, long actorId, CreateChannelRequest request, CancellationToken cancellationToken)
    {
        var type = ChannelRules.ParseType(request.Type);
        var name = ChannelRules.Name(type, request.Name);
        ChannelRules.CheckSettings(type, request.Topic, request.Nsfw, request.SlowmodeSeconds, request.Bitrate, request.UserLimit,
            request.Position);
        var channels = await LoadAsync(serverId, tracked: true, cancellationToken);
        var parentId = request.ParentId is null ? null : ParentId(request.ParentId, type, channels, "parentId");
        var channel = new Channel
        {
            Id = ids.NewId(),
            ServerId = serverId,
            Type = type,
            Name = name,
            Topic = string.IsNullOrWhiteSpace(request.Topic) ? null : request.Topic.Trim(),
            ParentId = parentId,
            // A new channel in a category takes the category's permissions until one of its own is edited.
            PermissionsSynced = parentId is not null,
            Position = request.Position ?? NextPosition(channels.Values, parentId),
            Nsfw = request.Nsfw ?? false,
            SlowmodeSeconds = request.SlowmodeSeconds ?? 0,
            Bitrate = type == ChannelType.Voice ? request.Bitrate ?? Servers.ServerService.DefaultBitrate : null,
            UserLimit = type == ChannelType.Voice ? request.UserLimit ?? 0 : null,
            CreatedAt = time.GetUtcNow(),
        };
        db.Channels.Add(channel);
        channels[channel.Id] = channel;
        audit.Record(serverId, actorId, AuditLogActions.ChannelCreate, channel.Id, new AuditChanges()
            .Add("name", (string?)null, channel.Name)
            .Add("type", (string?)null, type.ToApiName())
            .Add("parentId", (long?)null, channel.ParentId)
            .Add("position", (int?)null, channel.Position)
            .Add("topic", (string?)null, channel.Topic)
            .Add("nsfw", false, channel.Nsfw)
            .Add("slowmodeSeconds", 0, channel.SlowmodeSeconds)
            .Add("bitrate", (int?)null, channel.Bitrate)
            .Add("userLimit", (int?)null, channel.UserLimit));
        await db.SaveChangesAsync(cancellationToken);
        return ToDto(channel, channels);
    }

    /// <summary>Returns the channel as it now is, or unchanged when the request changes nothing.</summary>
    public async Task<(ChannelDto Channel, bool Changed)> UpdateAsync(
        long serverId, long channelId, long actorId, UpdateChannelRequest request, CancellationToken cancellationToken)
    {
        var channels = await LoadAsync(serverId, tracked: true, cancellationToken);
        var channel = channels[channelId];
        var name = request.Name is null ? channel.Name : ChannelRules.Name(channel.Type, request.Name);
        ChannelRules.CheckSettings(channel.Type, request.Topic, request.Nsfw, request.SlowmodeSeconds, request.Bitrate,
            request.UserLimit, request.Position);
        var parentId = request.ParentId is null ? channel.ParentId : ParentId(request.ParentId, channel.Type, channels, "parentId");
        if (parentId == channel.Id)
        {
            throw DomainException.Validation("parentId", "A channel cannot be its own category.");
        }

        var changes = new AuditChanges()
            .Add("name", channel.Name, name)
            .Add("topic", channel.Topic, request.Topic is null ? channel.Topic : NullIfBlank(request.Topic))
            .Add("position", channel.Position, request.Position ?? channel.Position)
            .Add("parentId", channel.ParentId, parentId)
            .Add("nsfw", channel.Nsfw, request.Nsfw ?? channel.Nsfw)
            .Add("slowmodeSeconds", channel.SlowmodeSeconds, request.SlowmodeSeconds ?? channel.SlowmodeSeconds)
            .Add("bitrate", channel.Bitrate, request.Bitrate ?? channel.Bitrate)
            .Add("userLimit", channel.UserLimit, request.UserLimit ?? channel.UserLimit);
        channel.Name = name;
        channel.Topic = request.Topic is null ? channel.Topic : NullIfBlank(request.Topic);
        channel.Position = request.Position ?? channel.Position;
        channel.Nsfw = request.Nsfw ?? channel.Nsfw;
        channel.SlowmodeSeconds = request.SlowmodeSeconds ?? channel.SlowmodeSeconds;
        channel.Bitrate = request.Bitrate ?? channel.Bitrate;
        channel.UserLimit = request.UserLimit ?? channel.UserLimit;
        var wasSynced = channel.PermissionsSynced;
        Move(channel, parentId, request.LockPermissions ?? false, channels);
        changes.Add("permissionsSynced", wasSynced, channel.PermissionsSynced);
        if (changes.IsEmpty)
        {
            return (ToDto(channel, channels), false);
        }

        audit.Record(serverId, actorId, AuditLogActions.ChannelUpdate, channel.Id, changes);
        await db.SaveChangesAsync(cancellationToken);
        return (ToDto(channel, channels), true);
    }

    /// <summary>Sets positions (and categories) of several channels at once; returns the ids that changed.</summary>
    public async Task<IReadOnlyList<long>> ReorderAsync(
        long serverId, long actorId, IReadOnlyList<ChannelPositionRequest> moves, CancellationToken cancellationToken)
    {
        var channels = await LoadAsync(serverId, tracked: true, cancellationToken);
        var planned = new List<(Channel Channel, int Position, long? ParentId, bool Lock)>(moves.Count);
        var errors = new Dictionary<string, string[]>();
        for (var index = 0; index < moves.Count; index++)
        {
            var move = moves[index];
            if (!Snowflake.TryParse(move.Id, out var id) || !channels.TryGetValue(id, out var channel))
            {
                errors[$"[{index}].id"] = ["No such channel in this server."];
                continue;
            }

            if (planned.Any(entry => entry.Channel.Id == id))
            {
                errors[$"[{index}].id"] = ["Each channel may appear once."];
                continue;
            }

            if (move.Position is not >= 0)
            {
                errors[$"[{index}].position"] = ["Positions are 0 or more."];
                continue;
            }

            try
            {
                var parentId = move.ParentId is null ? channel.ParentId : ParentId(move.ParentId, channel.Type, channels, $"[{index}].parentId");
                planned.Add((channel, move.Position.Value, parentId, move.LockPermissions ?? false));
            }
            catch (DomainException invalid) when (invalid.Errors is { } fieldErrors)
            {
                foreach (var (field, messages) in fieldErrors)
                {
                    errors[field] = messages;
                }
            }
        }

        if (errors.Count > 0 || moves.Count == 0)
        {
            throw DomainException.Validation(errors.Count > 0 ? errors : new Dictionary<string, string[]> { ["body"] = ["Name at least one channel."] });
        }

        var changed = new List<long>();
        foreach (var (channel, position, parentId, lockPermissions) in planned)
        {
            var (wasPosition, wasParent, wasSynced) = (channel.Position, channel.ParentId, channel.PermissionsSynced);
            channel.Position = position;
            Move(channel, parentId, lockPermissions, channels);
            var changes = new AuditChanges()
                .Add("position", wasPosition, channel.Position)
                .Add("parentId", wasParent, channel.ParentId)
                .Add("permissionsSynced", wasSynced, channel.PermissionsSynced);
            if (!changes.IsEmpty)
            {
                audit.Record(serverId, actorId, AuditLogActions.ChannelUpdate, channel.Id, changes);
                changed.Add(channel.Id);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// Deletes the channel. A category's channels stay, without a category; those synced with it keep its
    /// permissions as their own. Returns the ids of those channels (their state changed).
    /// </summary>
    public async Task<IReadOnlyList<long>> DeleteAsync(long serverId, long channelId, long actorId, CancellationToken cancellationToken)
    {
        var channels = await LoadAsync(serverId, tracked: true, cancellationToken);
        var channel = channels[channelId];
        var children = channels.Values.Where(child => child.ParentId == channelId).ToList();
        foreach (var child in children)
        {
            Move(child, parentId: null, lockPermissions: false, channels);
        }

        db.Channels.Remove(channel);
        audit.Record(serverId, actorId, AuditLogActions.ChannelDelete, channel.Id, new AuditChanges()
            .Add("name", channel.Name, null)
            .Add("type", channel.Type.ToApiName(), null));
        await db.SaveChangesAsync(cancellationToken);
        return children.Select(child => child.Id).ToList();
    }

    /// <summary>Every channel of the server with its overwrites, by id.</summary>
    internal async Task<Dictionary<long, Channel>> LoadAsync(long serverId, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.Channels.Include(channel => channel.Overwrites).Where(channel => channel.ServerId == serverId);
        return await (tracked ? query : query.AsNoTracking()).ToDictionaryAsync(channel => channel.Id, cancellationToken);
    }

    internal static ChannelDto ToDto(Channel channel, IReadOnlyDictionary<long, Channel> channels) =>
        channel.ToDto(ServerPermissions.EffectiveOverwrites(channel, channels));

    /// <summary>
    /// Ends the channel's sync with its category: the category's overwrites become the channel's own, so nothing
    /// about who may do what changes. Done before one of its overwrites is edited or it leaves the category.
    /// </summary>
    internal void Unsync(Channel channel, IReadOnlyDictionary<long, Channel> channels)
    {
        if (!channel.PermissionsSynced)
        {
            return;
        }

        channel.PermissionsSynced = false;
        if (channel.ParentId is not { } parentId || !channels.TryGetValue(parentId, out var parent))
        {
            return;
        }

        foreach (var overwrite in parent.Overwrites)
        {
            var copy = new PermissionOverwrite
            {
                ChannelId = channel.Id, TargetId = overwrite.TargetId, TargetType = overwrite.TargetType, Allow = overwrite.Allow,
                Deny = overwrite.Deny,
            };
            channel.Overwrites.Add(copy);
            db.PermissionOverwrites.Add(copy);
        }
    }

    /// <summary>Into (or out of) a category; with <paramref name="lockPermissions"/> the channel then syncs with it.</summary>
    private void Move(Channel channel, long? parentId, bool lockPermissions, IReadOnlyDictionary<long, Channel> channels)
    {
        if (parentId != channel.ParentId)
        {
            Unsync(channel, channels);
            channel.ParentId = parentId;
        }

        if (lockPermissions && channel.ParentId is not null && !channel.PermissionsSynced)
        {
            db.PermissionOverwrites.RemoveRange(channel.Overwrites);
            channel.Overwrites.Clear();
            channel.PermissionsSynced = true;
        }
    }

    /// <summary>An empty value means "no category"; otherwise a category of this server.</summary>
    private static long? ParentId(string value, ChannelType type, Dictionary<long, Channel> channels, string field)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (type == ChannelType.Category)
        {
            throw DomainException.Validation(field, "A category cannot be inside another.");
        }

        return Snowflake.TryParse(value, out var id) && channels.TryGetValue(id, out var parent) && parent.Type == ChannelType.Category
            ? id
            : throw DomainException.Validation(field, "No such category in this server.");
    }

    private static int NextPosition(IEnumerable<Channel> channels, long? parentId) =>
        channels.Where(channel => channel.ParentId == parentId).Select(channel => channel.Position + 1).DefaultIfEmpty(0).Max();

    private static string? NullIfBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

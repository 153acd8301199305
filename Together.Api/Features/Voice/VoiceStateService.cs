using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Permissions;
using Together.MediaNode.Control;

namespace Together.Api.Features.Voice;

/// <summary>
/// Voice states: created, changed and removed by what media nodes report (<see cref="ApplyReportAsync"/>), changed by
/// moderators (<see cref="ModerateAsync"/>) and by permission changes (<see cref="ReevaluateAsync"/>), read for READY.
/// The node is the truth about who is connected; the Api about who may be. Every change is published as
/// <see cref="VoiceStateChanged"/>; every order goes to the node through <see cref="IMediaNodeControl"/>.
/// </summary>
public sealed partial class VoiceStateService(
    TogetherDbContext db,
    PermissionService permissions,
    IMediaNodeControl node,
    IPublishEndpoint events,
    AuditLogWriter audit,
    VoiceSpeaking speaking,
    IOptions<VoiceOptions> options,
    TimeProvider time,
    ILogger<VoiceStateService> logger)
{
    /// <summary>A state the Api changed this recently (a join, a move) is not undone by a snapshot that may predate it.</summary>
    public static readonly TimeSpan SnapshotGrace = TimeSpan.FromSeconds(10);

    private readonly List<VoiceStateChanged> _pending = [];

    public async Task ApplyReportAsync(NodeReport report, CancellationToken cancellationToken)
    {
        foreach (var item in report.Events)
        {
            if (!TryParseIds(item.RoomId, item.UserId, out var channelId, out var userId))
            {
                continue;
            }

            switch (item.Type)
            {
                case NodeEventTypes.Joined:
                    await JoinedAsync(report.NodeId, channelId, userId, cancellationToken);
                    break;
                case NodeEventTypes.Left when item.Reason != "replaced":
                    // "replaced": the same user joined the room again from another session, and that join follows.
                    await LeftAsync(report.NodeId, channelId, userId, cancellationToken);
                    break;
                case NodeEventTypes.Speaking when item.Speaking is { } isSpeaking:
                    await SpeakingAsync(channelId, userId, isSpeaking, cancellationToken);
                    break;
                case NodeEventTypes.State when item.State is { } flags:
                    await SelfStateAsync(channelId, userId, flags.SelfMuted, flags.SelfDeafened, cancellationToken);
                    break;
            }

            await PublishPendingAsync();
        }

        if (report.Rooms is { } rooms)
        {
            await ReconcileAsync(report.NodeId, rooms, cancellationToken);
            await PublishPendingAsync();
        }
    }

    /// <summary>Removes the states of nodes that stopped reporting (three intervals without a snapshot).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - 3 * options.Value.ReportInterval;
        var stale = await db.VoiceStates.Where(state => state.LastSeenAt < cutoff).ToListAsync(cancellationToken);
        foreach (var state in stale)
        {
            LogNodeSilent(logger, state.UserId, state.ChannelId, state.NodeId);
            await RemoveAsync(state, cancellationToken);
        }

        await PublishPendingAsync();
    }

    /// <summary>
    /// A moderator's change (PATCH /servers/{id}/voice-states/{userId}): MUTE_MEMBERS, DEAFEN_MEMBERS, MOVE_MEMBERS in
    /// the channel the member is in (server-wide when they are in none), and MOVE_MEMBERS in a destination the member
    /// may connect to. Saved with an audit entry, then enforced by the node at once.
    /// </summary>
    public async Task ModerateAsync(ServerAccess actor, long userId, UpdateVoiceStateRequest request, CancellationToken cancellationToken)
    {
        var member = await db.Members.SingleOrDefaultAsync(
            candidate => candidate.ServerId == actor.ServerId && candidate.UserId == userId, cancellationToken)
            ?? throw DomainException.NotFound("The member");
        var state = await db.VoiceStates.SingleOrDefaultAsync(
            candidate => candidate.UserId == userId && candidate.ServerId == actor.ServerId, cancellationToken);
        var held = state is null
            ? actor.Permissions
            : (await permissions.GetChannelAccessAsync(state.ChannelId, actor.UserId, cancellationToken))?.Permissions ?? Permission.None;
        Demand(held,
            (request.Mute is null ? Permission.None : Permission.MuteMembers)
            | (request.Deaf is null ? Permission.None : Permission.DeafenMembers)
            | (request.ChannelId is null ? Permission.None : Permission.MoveMembers));

        long? moveTo = null;
        var canSpeakThere = false;
        if (request.ChannelId is { } target)
        {
            if (state is null)
            {
                throw new DomainException(ErrorKind.Validation, ErrorCodes.NotInVoice, "The member is not in a voice channel of this server.");
            }

            if (!target.Disconnects)
            {
                (moveTo, canSpeakThere) = await CheckMoveAsync(actor, userId, target.ChannelId!, cancellationToken);
            }
        }

        var changes = new AuditChanges();
        if (request.Mute is { } mute)
        {
            changes.Add("mute", member.VoiceMuted, mute);
            member.VoiceMuted = mute;
        }

        if (request.Deaf is { } deaf)
        {
            changes.Add("deaf", member.VoiceDeafened, deaf);
            member.VoiceDeafened = deaf;
        }

        var room = state is null ? null : Snowflake.Format(state.ChannelId);
        var previousChannel = state?.ChannelId;
        if (state is not null && request.ChannelId is { } change)
        {
            changes.Add("channelId", (long?)state.ChannelId, moveTo);
            if (change.Disconnects)
            {
                db.VoiceStates.Remove(state);
            }
            else if (moveTo is { } destination && destination != state.ChannelId)
            {
                state.ChannelId = destination;
                state.ChannelSince = time.GetUtcNow();
                state.Suppress = !canSpeakThere;
            }
        }

        if (!changes.IsEmpty)
        {
            audit.Record(actor.ServerId, actor.UserId, AuditLogActions.VoiceStateUpdate, userId, changes);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (state is null || room is null)
        {
            return;
        }

        var user = Snowflake.Format(userId);
        await OrderAsync(async () =>
        {
            if (request.Mute is { } muted)
            {
                await node.SetServerMutedAsync(room, user, muted, cancellationToken);
            }

            if (request.Deaf is { } deafened)
            {
                await node.SetServerDeafenedAsync(room, user, deafened, cancellationToken);
            }

            if (request.ChannelId is { Disconnects: true })
            {
                await node.DisconnectAsync(room, user, cancellationToken);
            }
            else if (moveTo is { } destination && destination != previousChannel)
            {
                await node.MoveAsync(room, user, Snowflake.Format(destination), cancellationToken);
            }
        }, rethrow: true);

        var left = request.ChannelId is { Disconnects: true };
        _pending.Add(new VoiceStateChanged(actor.ServerId, previousChannel, ToDto(state, member, left ? null : state.ChannelId)));
        await PublishPendingAsync();
    }

    /// <summary>
    /// Permissions changed in a server (roles, overwrites, a member's roles or timeout, a member gone): whoever lost
    /// CONNECT is disconnected, whoever lost or gained SPEAK is suppressed or heard again, at once.
    /// </summary>
    public async Task ReevaluateAsync(long serverId, long? userId, CancellationToken cancellationToken)
    {
        var states = await db.VoiceStates
            .Where(state => state.ServerId == serverId && (userId == null || state.UserId == userId))
            .ToListAsync(cancellationToken);
        foreach (var state in states)
        {
            var access = await permissions.GetChannelAccessAsync(state.ChannelId, state.UserId, cancellationToken);
            var room = Snowflake.Format(state.ChannelId);
            var user = Snowflake.Format(state.UserId);
            if (access is null || !access.Has(Permission.Connect))
            {
                LogConnectRevoked(logger, state.UserId, state.ChannelId);
                await RemoveAsync(state, cancellationToken);
                await OrderAsync(() => node.DisconnectAsync(room, user, cancellationToken));
                continue;
            }

            var suppress = !access.Has(Permission.Speak);
            if (state.Suppress != suppress)
            {
                state.Suppress = suppress;
                await db.SaveChangesAsync(cancellationToken);
                await OrderAsync(() => node.SetCanSpeakAsync(room, user, !suppress, cancellationToken));
                await QueueAsync(state, state.ChannelId, cancellationToken);
            }
        }

        await PublishPendingAsync();
    }

    /// <summary>
    /// The gateway's <c>UpdateVoiceState(channelId, selfMute, selfDeaf)</c>: the current channel sets the user's own
    /// mute and deafen (the node applies them, then reports them back); null leaves voice; joining another channel
    /// takes a token from <c>POST /channels/{id}/voice/join</c>.
    /// </summary>
    public async Task UpdateSelfAsync(long userId, long? channelId, bool selfMute, bool selfDeaf, CancellationToken cancellationToken)
    {
        var state = await db.VoiceStates.SingleOrDefaultAsync(candidate => candidate.UserId == userId, cancellationToken);
        var user = Snowflake.Format(userId);
        if (channelId is null)
        {
            if (state is not null)
            {
                var room = Snowflake.Format(state.ChannelId);
                await RemoveAsync(state, cancellationToken);
                await OrderAsync(() => node.DisconnectAsync(room, user, cancellationToken), rethrow: true);
                await PublishPendingAsync();
            }

            return;
        }

        if (state is null || state.ChannelId != channelId)
        {
            throw new DomainException(ErrorKind.Validation, ErrorCodes.VoiceJoinRequired,
                "Join a voice channel with POST /api/channels/{id}/voice/join, then connect to its signalling URL.");
        }

        await OrderAsync(() => node.SetSelfStateAsync(Snowflake.Format(state.ChannelId), user, selfMute, selfDeaf, cancellationToken),
            rethrow: true);
    }

    /// <summary>The voice states READY lists: those in the given servers' channels the connection may view.</summary>
    public async Task<IReadOnlyList<VoiceStateDto>> ForServersAsync(
        IReadOnlyCollection<long> serverIds, Func<long, long, bool> canView, CancellationToken cancellationToken)
    {
        if (serverIds.Count == 0)
        {
            return [];
        }

        var rows = await (
            from state in db.VoiceStates.AsNoTracking()
            where serverIds.Contains(state.ServerId)
            join member in db.Members on new { state.ServerId, state.UserId } equals new { member.ServerId, member.UserId } into members
            from member in members.DefaultIfEmpty()
            select new { state, Muted = member != null && member.VoiceMuted, Deafened = member != null && member.VoiceDeafened })
            .ToListAsync(cancellationToken);
        return rows.Where(row => canView(row.state.ServerId, row.state.ChannelId))
            .Select(row => ToDto(row.state, row.Muted, row.Deafened, row.state.ChannelId))
            .ToList();
    }

    private async Task JoinedAsync(string nodeId, long channelId, long userId, CancellationToken cancellationToken)
    {
        var room = Snowflake.Format(channelId);
        var user = Snowflake.Format(userId);
        var access = await permissions.GetChannelAccessAsync(channelId, userId, cancellationToken);
        if (access is null || access.Channel.Type != ChannelType.Voice || !access.Has(Permission.Connect))
        {
            // The channel went, or the user's CONNECT did, between the token and the join.
            await OrderAsync(() => node.DisconnectAsync(room, user, cancellationToken));
            return;
        }

        var now = time.GetUtcNow();
        var state = await db.VoiceStates.SingleOrDefaultAsync(candidate => candidate.UserId == userId, cancellationToken);
        if (state is not null && (state.ChannelId != channelId || state.NodeId != nodeId))
        {
            // One channel per user: joining another ends the call in the first (its "left" then finds no state).
            var otherRoom = Snowflake.Format(state.ChannelId);
            await OrderAsync(() => node.DisconnectAsync(otherRoom, user, cancellationToken));
            if (state.ServerId != access.ServerId)
            {
                await QueueAsync(state, null, cancellationToken);
            }
        }

        var previous = state is not null && state.ServerId == access.ServerId && state.ChannelId != channelId ? state.ChannelId : (long?)null;
        if (state is null)
        {
            state = new VoiceState { UserId = userId, NodeId = nodeId };
            db.VoiceStates.Add(state);
        }

        state.ServerId = access.ServerId;
        state.ChannelId = channelId;
        state.NodeId = nodeId;
        state.SelfMute = false;
        state.SelfDeaf = false;
        state.Suppress = !access.Has(Permission.Speak);
        state.LastSeenAt = now;
        state.ChannelSince = now;
        await db.SaveChangesAsync(cancellationToken);

        // The token's "speak" predates this moment: make the node agree with the permissions and moderation now.
        var member = await MemberFlagsAsync(access.ServerId, userId, cancellationToken);
        await OrderAsync(async () =>
        {
            await node.SetCanSpeakAsync(room, user, !state.Suppress, cancellationToken);
            if (member.Muted)
            {
                await node.SetServerMutedAsync(room, user, true, cancellationToken);
            }

            if (member.Deafened)
            {
                await node.SetServerDeafenedAsync(room, user, true, cancellationToken);
            }
        });
        _pending.Add(new VoiceStateChanged(access.ServerId, previous, ToDto(state, member.Muted, member.Deafened, channelId)));
        LogJoined(logger, userId, channelId);
    }

    private async Task LeftAsync(string nodeId, long channelId, long userId, CancellationToken cancellationToken)
    {
        var state = await db.VoiceStates.SingleOrDefaultAsync(
            candidate => candidate.UserId == userId && candidate.ChannelId == channelId && candidate.NodeId == nodeId, cancellationToken);
        if (state is not null)
        {
            await RemoveAsync(state, cancellationToken);
        }
    }

    private async Task SpeakingAsync(long channelId, long userId, bool isSpeaking, CancellationToken cancellationToken)
    {
        speaking.Set(userId, isSpeaking);
        var state = await db.VoiceStates.AsNoTracking().SingleOrDefaultAsync(
            candidate => candidate.UserId == userId && candidate.ChannelId == channelId, cancellationToken);
        if (state is not null)
        {
            await QueueAsync(state, channelId, cancellationToken);
        }
    }

    private async Task SelfStateAsync(long channelId, long userId, bool selfMute, bool selfDeaf, CancellationToken cancellationToken)
    {
        var state = await db.VoiceStates.SingleOrDefaultAsync(
            candidate => candidate.UserId == userId && candidate.ChannelId == channelId, cancellationToken);
        if (state is null || (state.SelfMute == selfMute && state.SelfDeaf == selfDeaf))
        {
            return;
        }

        state.SelfMute = selfMute;
        state.SelfDeaf = selfDeaf;
        await db.SaveChangesAsync(cancellationToken);
        await QueueAsync(state, channelId, cancellationToken);
    }

    private async Task ReconcileAsync(string nodeId, IReadOnlyList<RoomSnapshot> rooms, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var present = new HashSet<(long ChannelId, long UserId)>();
        foreach (var room in rooms)
        {
            foreach (var participant in room.Participants)
            {
                if (TryParseIds(room.RoomId, participant.UserId, out var channelId, out var userId))
                {
                    present.Add((channelId, userId));
                }
            }
        }

        var states = await db.VoiceStates.Where(state => state.NodeId == nodeId).ToListAsync(cancellationToken);
        var recent = now - SnapshotGrace;
        foreach (var state in states)
        {
            if (present.Contains((state.ChannelId, state.UserId)))
            {
                state.LastSeenAt = now;
            }
            else if (state.ChannelSince < recent)
            {
                await RemoveAsync(state, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var known = states.Select(state => state.UserId).ToHashSet();
        foreach (var (channelId, userId) in present.Where(entry => !known.Contains(entry.UserId)))
        {
            // A join whose event was lost (the queue overflowed, or the Api restarted).
            await JoinedAsync(nodeId, channelId, userId, cancellationToken);
        }
    }

    private async Task RemoveAsync(VoiceState state, CancellationToken cancellationToken)
    {
        db.VoiceStates.Remove(state);
        await db.SaveChangesAsync(cancellationToken);
        speaking.Set(state.UserId, false);
        await QueueAsync(state, null, cancellationToken);
    }

    private async Task QueueAsync(VoiceState state, long? channelId, CancellationToken cancellationToken)
    {
        var member = await MemberFlagsAsync(state.ServerId, state.UserId, cancellationToken);
        _pending.Add(new VoiceStateChanged(
            state.ServerId, channelId == state.ChannelId ? null : state.ChannelId, ToDto(state, member.Muted, member.Deafened, channelId)));
    }

    private async Task PublishPendingAsync()
    {
        foreach (var change in _pending)
        {
            await events.Publish(change, CancellationToken.None);
        }

        _pending.Clear();
    }

    private async Task<(bool Muted, bool Deafened)> MemberFlagsAsync(long serverId, long userId, CancellationToken cancellationToken)
    {
        var flags = await db.Members.AsNoTracking()
            .Where(member => member.ServerId == serverId && member.UserId == userId)
            .Select(member => new { member.VoiceMuted, member.VoiceDeafened })
            .SingleOrDefaultAsync(cancellationToken);
        return (flags?.VoiceMuted ?? false, flags?.VoiceDeafened ?? false);
    }

    private async Task<(long ChannelId, bool CanSpeak)> CheckMoveAsync(
        ServerAccess actor, long userId, string channelId, CancellationToken cancellationToken)
    {
        if (!Snowflake.TryParse(channelId, out var id)
            || await permissions.GetChannelAccessAsync(id, actor.UserId, cancellationToken) is not { } mover
            || mover.ServerId != actor.ServerId)
        {
            throw DomainException.NotFound("The channel");
        }

        if (mover.Channel.Type != ChannelType.Voice)
        {
            throw new DomainException(ErrorKind.Validation, ErrorCodes.NotVoiceChannel, "Members can only be moved to a voice channel.");
        }

        Demand(mover.Permissions, Permission.MoveMembers);
        var moved = await permissions.GetChannelAccessAsync(id, userId, cancellationToken);
        if (moved is null || !moved.Has(Permission.Connect))
        {
            throw DomainException.Forbidden(ErrorCodes.MissingPermission, "The member may not connect to that channel (CONNECT).");
        }

        return (id, moved.Has(Permission.Speak));
    }

    /// <summary>
    /// Sends orders to the node. From node reports and permission changes a node that does not answer is logged and
    /// left to the next snapshot; a moderator's order (<paramref name="rethrow"/>) answers 503.
    /// </summary>
    private async Task OrderAsync(Func<Task> order, bool rethrow = false)
    {
        try
        {
            await order();
        }
        catch (HttpRequestException ex)
        {
            LogNodeUnreachable(logger, ex);
            if (rethrow)
            {
                throw new DomainException(ErrorKind.Unavailable, ErrorCodes.ServiceUnavailable, "The media node did not answer; try again.");
            }
        }
    }

    private static void Demand(Permission held, Permission needed)
    {
        if ((held & needed) != needed)
        {
            throw DomainException.Forbidden(ErrorCodes.MissingPermission,
                $"You need the {PermissionEndpointExtensions.Describe(needed & ~held)} permission for this.");
        }
    }

    private VoiceStateDto ToDto(VoiceState state, Member member, long? channelId) =>
        ToDto(state, member.VoiceMuted, member.VoiceDeafened, channelId);

    private VoiceStateDto ToDto(VoiceState state, bool muted, bool deafened, long? channelId) =>
        new(Snowflake.Format(state.ServerId),
            channelId is { } id ? Snowflake.Format(id) : null,
            Snowflake.Format(state.UserId),
            state.SelfMute,
            state.SelfDeaf,
            muted,
            deafened,
            state.Suppress,
            channelId is not null && speaking.IsSpeaking(state.UserId));

    private static bool TryParseIds(string roomId, string userId, out long channelId, out long user)
    {
        user = 0;
        return long.TryParse(roomId, NumberStyles.None, CultureInfo.InvariantCulture, out channelId)
            && long.TryParse(userId, NumberStyles.None, CultureInfo.InvariantCulture, out user);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId} is in voice channel {ChannelId}")]
    private static partial void LogJoined(ILogger logger, long userId, long channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} lost CONNECT in voice channel {ChannelId}: disconnected")]
    private static partial void LogConnectRevoked(ILogger logger, long userId, long channelId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Voice state of user {UserId} in channel {ChannelId} removed: media node {NodeId} stopped reporting")]
    private static partial void LogNodeSilent(ILogger logger, long userId, long channelId, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The media node's control API did not answer")]
    private static partial void LogNodeUnreachable(ILogger logger, Exception exception);
}

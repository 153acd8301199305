using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.DirectMessages;
using Together.Api.Features.Members;
using Together.Api.Features.Presence;
using Together.Api.Features.NotificationSettings;
using Together.Api.Features.ReadStates;
using Together.Api.Features.Servers;
using Together.Api.Features.Users;
using Together.Api.Features.Voice;

namespace Together.Api.Gateway;

/// <summary>
/// The real-time gateway at <c>/gateway</c>. A connection is authenticated by its access token, starts a gateway
/// session (<see cref="GatewayConnection"/>) that joins its user's group, the group of each server its user belongs
/// to and of each of their DMs, and receives READY first; it may take over an earlier session of its user instead
/// (<see cref="Resume"/>). A session lives no longer than its auth session and its access token: the server ends
/// it with CONNECTION_CLOSE when either ends (<see cref="GatewayConnections"/>).
/// </summary>
[Authorize]
public sealed partial class GatewayHub(
    TogetherDbContext db,
    ServerStateReader servers,
    SessionActivityCache sessions,
    GatewayConnections connections,
    PresenceTracker presence,
    SnowflakeGenerator ids,
    MemberService members,
    ReadStateService readStates,
    PrivateChannelService privateChannels,
    NotificationSettingService notificationSettings,
    VoiceStateService voiceStates,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<GatewayHub> logger)
    : Hub<IGatewayClient>
{
    internal const string ConnectionKey = "together.connection";
    private const string ResumeAnsweredKey = "together.resume-answered";

    public override async Task OnConnectedAsync()
    {
        try
        {
            await ConnectAsync();
        }
        catch (OperationCanceledException) when (Context.ConnectionAborted.IsCancellationRequested)
        {
            // The client left while connecting. Returning normally matters: SignalR runs OnDisconnectedAsync only after
            // an OnConnectedAsync that did not throw, and that is what undoes what was registered (its presence).
        }
        catch when (Context.Items.ContainsKey(ConnectionKey))
        {
            await LeaveAsync();
            throw;
        }
    }

    private async Task ConnectAsync()
    {
        var principal = Context.User!;
        var userId = principal.GetUserId();
        var sessionId = principal.GetSessionId();

        // READY is queued before the session joins any group, so it is always s = 1. Should the user hold another
        // session here, this may be its client coming back: nothing after READY is sent until it says whether it
        // resumes, so a resume replays in order and duplicates nothing (docs/api.md, "Resuming").
        var connection = new GatewayConnection(Context, ids.NewId(), userId, sessionId, options.Value.ResumeBufferSize);
        var hold = connections.HasSession(userId);
        if (!await EnqueueReadyAsync(connection, hold))
        {
            Context.Abort();
            return;
        }

        Context.Items[ConnectionKey] = connection;
        connections.Add(connection, principal.GetExpiresAt(),
            [GatewayGroups.User(userId), .. connection.VisibleChannels.Keys.Select(GatewayGroups.Server),
                .. connection.PrivateChannels.Keys.Select(GatewayGroups.PrivateChannel)]);
        presence.Connected(userId);
        if (hold)
        {
            _ = ReleaseAfterHoldAsync(connection, options.Value.ResumeHold, time);
        }

        LogConnected(logger, userId, sessionId);

        // The token's session check may be cached, or the session may end while this connection registers. A
        // revocation committed before this query is seen by it; one committed after is announced after, and the
        // announcement finds the connection registered. Either way it does not outlive its session.
        if (!await sessions.RecheckAsync(userId, sessionId, Context.ConnectionAborted))
        {
            connections.End(connection, ErrorCodes.SessionRevoked);
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await LeaveAsync();
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Undoes what connecting registered; once per connection, whichever of the two paths gets here.</summary>
    private async Task LeaveAsync()
    {
        if (!Context.Items.Remove(ConnectionKey, out var item) || item is not GatewayConnection connection)
        {
            return;
        }

        // Presence first: the user must not stay online forever should anything after it fail.
        var last = presence.Disconnected(connection.UserId);
        connections.Detach(connection, Context);
        // Temporary members are removed when their last connection closes (of this replica). Not tied to the
        // closing connection's token: the disconnect is final.
        if (last)
        {
            await members.EndTemporaryMembershipsAsync(connection.UserId, CancellationToken.None);
        }
    }

    /// <summary>
    /// Takes over the gateway session <paramref name="sessionId"/> of this user: the events after
    /// <paramref name="lastSeq"/> are sent again with their numbers, then RESUMED. When that cannot be done exactly,
    /// a fresh READY follows instead (docs/api.md, "Resuming"). Answered once per connection.
    /// </summary>
    public async Task Resume(string sessionId, long lastSeq)
    {
        var current = (GatewayConnection)Context.Items[ConnectionKey]!;
        var answered = !Context.Items.TryAdd(ResumeAnsweredKey, true);
        var principal = Context.User!;
        if (!answered && Snowflake.TryParse(sessionId, out var id)
            && connections.Resume(current, id, lastSeq, Context, principal.GetSessionId(), principal.GetExpiresAt()) is { } resumed)
        {
            Context.Items[ConnectionKey] = resumed;
            LogResumed(logger, current.UserId, id, lastSeq);
            return;
        }

        if (!await EnqueueReadyAsync(current, hold: false))
        {
            Context.Abort();
        }
    }

    /// <summary>Builds READY from the database and queues it; false when the user no longer exists.</summary>
    private async Task<bool> EnqueueReadyAsync(GatewayConnection connection, bool hold)
    {
        var userId = connection.UserId;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == userId, Context.ConnectionAborted);
        if (user is null)
        {
            return false;
        }

        var memberships = await servers.ForUserAsync(userId, Context.ConnectionAborted);
        foreach (var gone in connection.VisibleChannels.Keys.Except(memberships.Select(state => long.Parse(state.Id, CultureInfo.InvariantCulture))))
        {
            connection.VisibleChannels.TryRemove(gone, out _);
        }

        foreach (var state in memberships)
        {
            connection.VisibleChannels[long.Parse(state.Id, CultureInfo.InvariantCulture)] =
                state.Channels.Select(channel => long.Parse(channel.Id, CultureInfo.InvariantCulture)).ToFrozenSet();
        }

        var dms = await privateChannels.ListAsync(userId, Context.ConnectionAborted);
        foreach (var dm in dms)
        {
            connection.PrivateChannels[long.Parse(dm.Id, CultureInfo.InvariantCulture)] = true;
        }

        var read = await readStates.ForServersAsync(userId, memberships, Context.ConnectionAborted);
        var settings = await notificationSettings.ListAsync(userId, Context.ConnectionAborted);
        var serverIds = connection.VisibleChannels.Keys.ToList();
        var online = presence.VisiblyOnline();
        var coMembers = online.Count == 0 ? [] : await db.Members.AsNoTracking()
            .Where(member => serverIds.Contains(member.ServerId) && online.Contains(member.UserId) && member.UserId != userId)
            .Select(member => member.UserId).Distinct().ToListAsync(Context.ConnectionAborted);
        var presences = coMembers.Select(presence.ForOthers)
            .Where(other => other.Status != PresenceStatus.Offline).ToList();
        var voice = await voiceStates.ForServersAsync(serverIds, (server, channel) => connection.CanView(server, channel), Context.ConnectionAborted);
        connection.EnqueueReady(new ReadyPayload(user.ToCurrentUserDto(), Snowflake.Format(connection.Id), memberships, read,
            dms, settings, voice, presence.Get(userId).ForSelf, presences), hold);
        return true;
    }

    private static async Task ReleaseAfterHoldAsync(GatewayConnection connection, TimeSpan hold, TimeProvider time)
    {
        await Task.Delay(hold, time);
        connection.Release(byClient: false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway connection of user {UserId} resumed gateway session {GatewaySessionId} after {LastSeq}")]
    private static partial void LogResumed(ILogger logger, long userId, long gatewaySessionId, long lastSeq);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway connection of user {UserId} (session {SessionId})")]
    private static partial void LogConnected(ILogger logger, long userId, long sessionId);
}

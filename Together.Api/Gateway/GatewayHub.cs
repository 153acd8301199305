using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.DirectMessages;
using Together.Api.Features.Members;
using Together.Api.Features.NotificationSettings;
using Together.Api.Features.ReadStates;
using Together.Api.Features.Servers;
using Together.Api.Features.Users;
using Together.Api.Features.Voice;

namespace Together.Api.Gateway;

/// <summary>
/// The real-time gateway at <c>/gateway</c>. A connection is authenticated by its access token, joins its user's
/// group, the group of each server its user belongs to and of each of their DMs, and receives READY first. It lives no longer than its
/// session and its access token: the server ends it with CONNECTION_CLOSE when either ends
/// (<see cref="GatewayConnections"/>).
/// </summary>
[Authorize]
public sealed partial class GatewayHub(
    TogetherDbContext db,
    ServerStateReader servers,
    SessionActivityCache sessions,
    GatewayConnections connections,
    MemberService members,
    ReadStateService readStates,
    PrivateChannelService privateChannels,
    NotificationSettingService notificationSettings,
    VoiceStateService voiceStates,
    ILogger<GatewayHub> logger)
    : Hub<IGatewayClient>
{
    private const string ConnectionKey = "together.connection";

    public override async Task OnConnectedAsync()
    {
        var principal = Context.User!;
        var userId = principal.GetUserId();
        var sessionId = principal.GetSessionId();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == userId, Context.ConnectionAborted);
        if (user is null)
        {
            Context.Abort();
            return;
        }

        // READY is queued before the connection joins any group, so it is always s = 1.
        var connection = new GatewayConnection(Context, userId, sessionId);
        var memberships = await servers.ForUserAsync(userId, Context.ConnectionAborted);
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
        var voice = await voiceStates.ForServersAsync(connection.VisibleChannels.Keys.ToList(), (server, channel) => connection.CanView(server, channel), Context.ConnectionAborted);
        connection.Enqueue(GatewayEventTypes.Ready,
            new ReadyPayload(user.ToCurrentUserDto(), Snowflake.Format(sessionId), memberships, read, dms, settings, voice));
        Context.Items[ConnectionKey] = connection;
        connections.Add(connection, principal.GetExpiresAt(),
            [GatewayGroups.User(userId), .. connection.VisibleChannels.Keys.Select(GatewayGroups.Server),
                .. connection.PrivateChannels.Keys.Select(GatewayGroups.PrivateChannel)]);
        LogConnected(logger, userId, sessionId);

        // The token's session check may be cached, or the session may end while this connection registers. A
        // revocation committed before this query is seen by it; one committed after is announced after, and the
        // announcement finds the connection registered. Either way it does not outlive its session.
        if (!await sessions.RecheckAsync(userId, sessionId, Context.ConnectionAborted))
        {
            connections.End(connection, ErrorCodes.SessionRevoked);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(ConnectionKey, out var item) && item is GatewayConnection connection)
        {
            connections.Remove(connection);
            // Temporary members are removed when their last connection closes (of this replica: presence across
            // replicas is not tracked yet). Not tied to the closing connection's token: the disconnect is final.
            if (connections.InGroup(GatewayGroups.User(connection.UserId)).IsEmpty)
            {
                await members.EndTemporaryMembershipsAsync(connection.UserId, CancellationToken.None);
            }
        }

        await base.OnDisconnectedAsync(exception);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway connection of user {UserId} (session {SessionId})")]
    private static partial void LogConnected(ILogger logger, long userId, long sessionId);
}

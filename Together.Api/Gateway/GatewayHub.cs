using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Users;

namespace Together.Api.Gateway;

/// <summary>
/// The real-time gateway at <c>/gateway</c>. A connection is authenticated by its access token, joins its user's
/// group, and receives READY first.
/// </summary>
[Authorize]
public sealed partial class GatewayHub(TogetherDbContext db, ILogger<GatewayHub> logger) : Hub<IGatewayClient>
{
    private const string SequenceKey = "together.sequence";

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

        await Groups.AddToGroupAsync(Context.ConnectionId, GatewayGroups.User(userId), Context.ConnectionAborted);
        var ready = new ReadyPayload(user.ToCurrentUserDto(), Snowflake.Format(sessionId));
        await Clients.Caller.Event(new GatewayEvent(GatewayEventTypes.Ready, NextSequence(), ready));
        LogConnected(logger, userId, sessionId);
        await base.OnConnectedAsync();
    }

    private long NextSequence()
    {
        var sequence = Context.Items.TryGetValue(SequenceKey, out var value) ? (long)value! + 1 : 1;
        Context.Items[SequenceKey] = sequence;
        return sequence;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway connection of user {UserId} (session {SessionId})")]
    private static partial void LogConnected(ILogger logger, long userId, long sessionId);
}

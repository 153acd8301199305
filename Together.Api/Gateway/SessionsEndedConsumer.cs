using MassTransit;
using Together.Api.Features.Auth;
using Together.Api.Domain;

namespace Together.Api.Gateway;

/// <summary>Closes the connections of sessions that ended, on every replica (gateway consumers fan out).</summary>
public sealed class SessionsEndedConsumer(GatewayConnections connections) : IConsumer<SessionsEnded>
{
    public Task Consume(ConsumeContext<SessionsEnded> context)
    {
        connections.EndSessions(context.Message.UserId, context.Message.SessionIds.ToHashSet(), ErrorCodes.SessionRevoked);
        return Task.CompletedTask;
    }
}

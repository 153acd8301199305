using MassTransit;
using Together.Api.Features.Users;

namespace Together.Api.Gateway;

/// <summary>USER_UPDATE to every connection of the user whose account changed (all their devices).</summary>
public sealed class UserUpdatedConsumer(GatewayDispatcher dispatcher) : IConsumer<UserUpdated>
{
    public Task Consume(ConsumeContext<UserUpdated> context)
    {
        dispatcher.Dispatch(GatewayGroups.User(context.Message.UserId), GatewayEventTypes.UserUpdate, context.Message.User);
        return Task.CompletedTask;
    }
}

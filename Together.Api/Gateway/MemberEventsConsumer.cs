using MassTransit;
using Together.Api.Domain;
using Together.Api.Features.Members;

namespace Together.Api.Gateway;

/// <summary>
/// MEMBER_ADD, MEMBER_UPDATE and MEMBER_REMOVE to every connection in the server's group: every member sees the
/// member list. A removed member's connections have already left the group (the membership change is published
/// first), so they hear SERVER_DELETE, not their own removal.
/// </summary>
public sealed class MemberEventsConsumer(GatewayDispatcher dispatcher)
    : IConsumer<MemberAdded>, IConsumer<MemberUpdated>, IConsumer<MemberRemoved>
{
    public Task Consume(ConsumeContext<MemberAdded> context)
    {
        dispatcher.Dispatch(GatewayGroups.Server(context.Message.ServerId), GatewayEventTypes.MemberAdd, context.Message.Member);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<MemberUpdated> context)
    {
        dispatcher.Dispatch(GatewayGroups.Server(context.Message.ServerId), GatewayEventTypes.MemberUpdate, context.Message.Member);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<MemberRemoved> context)
    {
        var (serverId, userId, _) = context.Message;
        dispatcher.Dispatch(GatewayGroups.Server(serverId), GatewayEventTypes.MemberRemove,
            new MemberRemovePayload(Snowflake.Format(serverId), Snowflake.Format(userId)));
        return Task.CompletedTask;
    }
}

using MassTransit;
using Together.Api.Features.Channels;

namespace Together.Api.Gateway;

/// <summary>CHANNEL_CREATE/UPDATE/DELETE, to each connection according to what its user may view now.</summary>
public sealed class ChannelEventsConsumer(ChannelVisibility visibility) : IConsumer<ChannelsChanged>
{
    public Task Consume(ConsumeContext<ChannelsChanged> context) =>
        visibility.SyncAsync(context.Message.ServerId, context.Message.UpdatedChannelIds, context.CancellationToken);
}

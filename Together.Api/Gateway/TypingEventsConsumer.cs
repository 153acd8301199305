using MassTransit;
using Together.Api.Domain;
using Together.Api.Features.Typing;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>
/// TYPING_START to the connections that may view the channel now (as for messages), except the typist's own: their
/// client knows it is typing.
/// </summary>
public sealed class TypingEventsConsumer(GatewayConnections connections, GatewayDispatcher dispatcher) : IConsumer<TypingStarted>
{
    public const string TypingStart = "TYPING_START";

    public Task Consume(ConsumeContext<TypingStarted> context)
    {
        var (serverId, channelId, userId, timestamp) = context.Message;
        var payload = SerializedPayload.Of(new TypingStartPayload(Snowflake.Format(channelId), serverId is { } id ? Snowflake.Format(id) : null,
            Snowflake.Format(userId), timestamp.ToUnixTimeMilliseconds()));
        foreach (var connection in connections.InGroup(GatewayGroups.Audience(serverId, channelId)))
        {
            if (connection.UserId != userId && connection.CanView(serverId, channelId))
            {
                dispatcher.Dispatch(connection, TypingStart, payload);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>TYPING_START: <c>timestamp</c> is Unix milliseconds; the indicator lapses 10 s after it unless repeated.</summary>
[MessagePackObject]
public sealed record TypingStartPayload(
    [property: MessagePackKey("channelId")] string ChannelId,
    [property: MessagePackKey("serverId")] string? ServerId,
    [property: MessagePackKey("userId")] string UserId,
    [property: MessagePackKey("timestamp")] long Timestamp);

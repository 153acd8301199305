using System.Globalization;
using MassTransit;
using Together.Api.Features.Voice;

namespace Together.Api.Gateway;

/// <summary>
/// VOICE_STATE_UPDATE to the connections that may view the channel the user is in now, or the one they left (a leave
/// or a move is news to those who saw them there).
/// </summary>
public sealed class VoiceStateEventsConsumer(GatewayConnections connections, GatewayDispatcher dispatcher) : IConsumer<VoiceStateChanged>
{
    public const string VoiceStateUpdate = "VOICE_STATE_UPDATE";

    public Task Consume(ConsumeContext<VoiceStateChanged> context)
    {
        var (serverId, previousChannelId, state) = context.Message;
        long? channelId = state.ChannelId is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : null;
        var shared = SerializedPayload.Of(state);
        foreach (var connection in connections.InGroup(GatewayGroups.Server(serverId)))
        {
            if ((channelId is { } now && connection.CanView(serverId, now))
                || (previousChannelId is { } before && connection.CanView(serverId, before)))
            {
                dispatcher.Dispatch(connection, VoiceStateUpdate, shared);
            }
        }

        return Task.CompletedTask;
    }
}

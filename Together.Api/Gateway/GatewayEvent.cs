using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>
/// The envelope of every server→client event: <c>t</c> its type, <c>s</c> the connection's sequence number
/// (1 for READY, then +1 per event), <c>d</c> its payload. Keys are the same under JSON and MessagePack.
/// </summary>
[MessagePackObject]
public sealed record GatewayEvent(
    [property: MessagePackKey("t"), System.Text.Json.Serialization.JsonPropertyName("t")] string Type,
    [property: MessagePackKey("s"), System.Text.Json.Serialization.JsonPropertyName("s")] long Sequence,
    [property: MessagePackKey("d"), System.Text.Json.Serialization.JsonPropertyName("d")] object Data);

public static class GatewayEventTypes
{
    public const string Ready = "READY";
    public const string UserUpdate = "USER_UPDATE";

    /// <summary>The last event of a connection the server ends; see <see cref="ConnectionClosePayload"/>.</summary>
    public const string ConnectionClose = "CONNECTION_CLOSE";
}

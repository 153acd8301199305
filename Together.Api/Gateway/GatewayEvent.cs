using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>
/// The envelope of every server→client event: <c>t</c> its type, <c>s</c> the connection's sequence number
/// (1 for READY, then +1 per event of the gateway session), <c>d</c> its payload. Keys are the same under JSON and MessagePack.
/// </summary>
[MessagePackObject]
public sealed record GatewayEvent(
    [property: MessagePackKey("t"), System.Text.Json.Serialization.JsonPropertyName("t")] string Type,
    [property: MessagePackKey("s"), System.Text.Json.Serialization.JsonPropertyName("s")] long Sequence,
    [property: MessagePackKey("d"), System.Text.Json.Serialization.JsonPropertyName("d")] object Data);

public static class GatewayEventTypes
{
    public const string Ready = "READY";
    public const string Resumed = "RESUMED";
    public const string PresenceUpdate = "PRESENCE_UPDATE";
    public const string UserUpdate = "USER_UPDATE";
    public const string ServerCreate = "SERVER_CREATE";
    public const string ServerUpdate = "SERVER_UPDATE";
    public const string ServerDelete = "SERVER_DELETE";
    public const string ChannelCreate = "CHANNEL_CREATE";
    public const string ChannelUpdate = "CHANNEL_UPDATE";
    public const string ChannelDelete = "CHANNEL_DELETE";
    public const string RoleCreate = "ROLE_CREATE";
    public const string RoleUpdate = "ROLE_UPDATE";
    public const string RoleDelete = "ROLE_DELETE";
    public const string MemberAdd = "MEMBER_ADD";
    public const string MemberUpdate = "MEMBER_UPDATE";
    public const string MemberRemove = "MEMBER_REMOVE";

    /// <summary>The last event of a connection the server ends; see <see cref="ConnectionClosePayload"/>.</summary>
    public const string ConnectionClose = "CONNECTION_CLOSE";
}

/// <summary>RESUMED: the session named is this connection's from now on; the events it missed came just before.</summary>
[MessagePackObject]
public sealed record ResumedPayload([property: MessagePackKey("sessionId")] string SessionId);

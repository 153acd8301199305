using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>The gateway's messaging events; MESSAGE_CREATE and MESSAGE_UPDATE carry the message itself.</summary>
public static class MessageEventTypes
{
    public const string MessageCreate = "MESSAGE_CREATE";
    public const string MessageUpdate = "MESSAGE_UPDATE";
    public const string MessageDelete = "MESSAGE_DELETE";
    public const string MessageDeleteBulk = "MESSAGE_DELETE_BULK";
    public const string ReactionAdd = "MESSAGE_REACTION_ADD";
    public const string ReactionRemove = "MESSAGE_REACTION_REMOVE";
    public const string ReadStateUpdate = "READ_STATE_UPDATE";
}

[MessagePackObject]
public sealed record MessageDeletePayload(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("channelId")] string ChannelId,
    [property: MessagePackKey("serverId")] string? ServerId);

[MessagePackObject]
public sealed record MessageDeleteBulkPayload(
    [property: MessagePackKey("ids")] IReadOnlyList<string> Ids,
    [property: MessagePackKey("channelId")] string ChannelId,
    [property: MessagePackKey("serverId")] string? ServerId);

/// <summary>MESSAGE_REACTION_ADD and MESSAGE_REACTION_REMOVE: who, which emoji, on which message.</summary>
[MessagePackObject]
public sealed record ReactionPayload(
    [property: MessagePackKey("userId")] string UserId,
    [property: MessagePackKey("channelId")] string ChannelId,
    [property: MessagePackKey("messageId")] string MessageId,
    [property: MessagePackKey("serverId")] string? ServerId,
    [property: MessagePackKey("emoji")] string Emoji);

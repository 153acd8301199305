using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.ReadStates;

/// <summary>
/// How far the user has read a channel: <c>lastReadMessageId</c> (null: never), unread mentions of them,
/// the channel's newest message, and <c>unread</c> = the newest message is past the last read one.
/// </summary>
[MessagePackObject]
public sealed record ReadStateDto(
    [property: MessagePackKey("channelId")] string ChannelId,
    [property: MessagePackKey("lastReadMessageId")] string? LastReadMessageId,
    [property: MessagePackKey("mentionCount")] int MentionCount,
    [property: MessagePackKey("lastMessageId")] string? LastMessageId,
    [property: MessagePackKey("unread")] bool Unread);

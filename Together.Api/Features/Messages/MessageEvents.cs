namespace Together.Api.Features.Messages;

// Published after the commit by the endpoints. The gateway sends each to the connections of the server's members
// who may view the channel at dispatch time; ServerId says which server's group to look in (null: a DM or group DM,
// whose participants get it).

/// <summary>A message was sent (MESSAGE_CREATE); <see cref="MessageDto.Nonce"/> is the sender's.</summary>
public sealed record MessageCreated(long? ServerId, long ChannelId, MessageDto Message);

/// <summary>A message was edited, pinned or unpinned (MESSAGE_UPDATE): the whole message as it now is.</summary>
public sealed record MessageUpdated(long? ServerId, long ChannelId, MessageDto Message);

/// <summary>A message was deleted (MESSAGE_DELETE).</summary>
public sealed record MessageDeleted(long? ServerId, long ChannelId, long MessageId);

/// <summary>A moderator deleted several messages at once (MESSAGE_DELETE_BULK).</summary>
public sealed record MessagesBulkDeleted(long? ServerId, long ChannelId, IReadOnlyList<long> MessageIds);

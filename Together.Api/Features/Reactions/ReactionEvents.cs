namespace Together.Api.Features.Reactions;

/// <summary>A user reacted to a message (MESSAGE_REACTION_ADD); published after the commit.</summary>
public sealed record ReactionAdded(long? ServerId, long ChannelId, long MessageId, long UserId, string Emoji);

/// <summary>A user's reaction was taken back, by them or a moderator (MESSAGE_REACTION_REMOVE).</summary>
public sealed record ReactionRemoved(long? ServerId, long ChannelId, long MessageId, long UserId, string Emoji);

namespace Together.Api.Features.Typing;

/// <summary>
/// A member started typing in a channel (TYPING_START). Published by <see cref="TypingService"/>; the gateway sends it
/// to the other connections that may view the channel. Nothing is stored: clients let it expire after 10 s.
/// </summary>
public sealed record TypingStarted(long? ServerId, long ChannelId, long UserId, DateTimeOffset Timestamp);

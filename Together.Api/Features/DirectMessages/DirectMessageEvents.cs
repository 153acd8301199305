namespace Together.Api.Features.DirectMessages;

/// <summary>
/// A DM or group DM was created, renamed, or gained or lost participants; published after the commit. The gateway
/// makes it visible to the connections of everyone in <see cref="Channel"/> (CHANNEL_CREATE for those new to it,
/// CHANNEL_UPDATE for the others) and takes it from <see cref="RemovedUserIds"/> (CHANNEL_DELETE). <see cref="Channel"/>
/// is null when the last participant left and the channel is gone.
/// </summary>
public sealed record PrivateChannelChanged(long ChannelId, PrivateChannelDto? Channel, IReadOnlyList<long> RemovedUserIds);

namespace Together.Api.Features.Channels;

/// <summary>
/// Channels of a server were created, changed, reordered, had their overwrites changed, or were deleted, and the
/// change was saved. <see cref="UpdatedChannelIds"/> are the channels whose own state changed; the gateway works out
/// creations, deletions and who may view what from the current state (<c>ChannelVisibility</c>).
/// </summary>
public sealed record ChannelsChanged(long ServerId, IReadOnlyList<long> UpdatedChannelIds);

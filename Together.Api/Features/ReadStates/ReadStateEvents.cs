namespace Together.Api.Features.ReadStates;

/// <summary>
/// The user acked a channel; published after the commit, for their own other sessions (READ_STATE_UPDATE), so every
/// device shows the same unread state.
/// </summary>
public sealed record ReadStateUpdated(long UserId, ReadStateDto State);

namespace Together.Api.Features.Voice;

/// <summary>
/// A voice state changed and was saved (or, for speaking, was reported): the gateway sends VOICE_STATE_UPDATE to
/// those who may view <see cref="State"/>'s channel or <see cref="PreviousChannelId"/> (a leave or a move).
/// </summary>
public sealed record VoiceStateChanged(long ServerId, long? PreviousChannelId, VoiceStateDto State);

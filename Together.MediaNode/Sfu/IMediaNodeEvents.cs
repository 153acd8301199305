namespace Together.MediaNode.Sfu;

/// <summary>
/// What the node reports to the Api, which keeps voice states and tells clients. Called on the media path, often
/// under a room's lock: implementations must return at once (log, or queue for delivery), never block or throw.
/// </summary>
public interface IMediaNodeEvents
{
    void ParticipantJoined(string roomId, string userId);

    void ParticipantLeft(string roomId, string userId, string reasonCode);

    void SpeakingChanged(string roomId, string userId, bool speaking);

    void VoiceStateChanged(string roomId, string userId, VoiceStateFlags state);
}

/// <summary>A participant's mute and deafen state, self-chosen and moderator-imposed kept apart.</summary>
public readonly record struct VoiceStateFlags(bool SelfMuted, bool SelfDeafened, bool ServerMuted, bool ServerDeafened);

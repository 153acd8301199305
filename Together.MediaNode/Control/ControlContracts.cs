namespace Together.MediaNode.Control;

public sealed record RoomSummary(string RoomId, IReadOnlyList<ParticipantSummary> Participants);

public sealed record ParticipantSummary(
    string UserId,
    bool SelfMuted,
    bool SelfDeafened,
    bool ServerMuted,
    bool ServerDeafened,
    bool Speaking,
    long PacketsLost,
    double? JitterMilliseconds,
    double? RoundTripMilliseconds);

public sealed record ServerMuteRequest(bool Muted);

public sealed record ServerDeafenRequest(bool Deafened);

public sealed record MoveRequest(string ToRoomId);

public sealed record SpeakRequest(bool Allowed);

public sealed record SelfStateRequest(bool? Muted, bool? Deafened);

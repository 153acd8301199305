namespace Together.MediaNode.Sfu;

/// <summary>
/// One participant as another participant sees it. <see cref="Mid"/> is the m-line that carries this participant's
/// voice to the viewer (null while none is announced), so the client can tell whose stream is whose.
/// </summary>
public sealed record ParticipantState(string UserId, string? Mid, bool Muted, bool Deafened);

/// <summary>Why the node took a participant out of a room; <see cref="Code"/> is stable for clients.</summary>
public sealed record RemovalReason(string Code, string Message, string? MovedToRoomId = null)
{
    public static readonly RemovalReason Left = new("left", "left the room");
    public static readonly RemovalReason Replaced = new("replaced", "the same user joined again from another session");
    public static readonly RemovalReason Disconnected = new("disconnected", "disconnected by a moderator");
    public static readonly RemovalReason TransportClosed = new("transport_closed", "the media connection was lost");

    public static RemovalReason MovedTo(string roomId) =>
        new("moved", "moved to another voice channel: rejoin with a token for it", roomId);
}

namespace Together.MediaNode.Sfu;

/// <summary>
/// What the SFU tells one participant's signalling connection. Called under the room's lock: implementations
/// must only queue work, never block or call back into the room.
/// </summary>
public interface IParticipantSignals
{
    /// <summary>The set of streams this participant should receive changed: a node offer is due.</summary>
    void RenegotiationNeeded();

    void ParticipantsChanged(IReadOnlyList<ParticipantState> participants);

    void SpeakingChanged(string userId, bool speaking);

    /// <summary>The node removed this participant (server disconnect, move, replaced by a newer session).</summary>
    void Removed(RemovalReason reason);
}

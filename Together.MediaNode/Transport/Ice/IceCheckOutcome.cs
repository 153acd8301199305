namespace Together.MediaNode.Transport.Ice;

/// <summary>What an ICE-lite agent did with one inbound STUN datagram.</summary>
public enum IceCheckOutcome
{
    /// <summary>Not a Binding request, unparsable, or a bad FINGERPRINT: dropped without an answer.</summary>
    Dropped,

    /// <summary>Refused with an error response (400, 401 or 420) written to the response buffer.</summary>
    Rejected,

    /// <summary>A valid check: answered with a success response; the source is now a validated endpoint.</summary>
    Answered,

    /// <summary>A valid check that changed the selected endpoint (the first valid check, or a USE-CANDIDATE).</summary>
    SelectedEndpointChanged,
}

namespace Together.MediaNode.Transport.Ice;

public enum IceControllingState
{
    New,
    Checking,
    Connected,

    /// <summary>No response to the first check after every retransmission, or an error response.</summary>
    Failed,

    /// <summary>Connected once, then no consent response for the consent timeout (RFC 7675).</summary>
    ConsentExpired,
}

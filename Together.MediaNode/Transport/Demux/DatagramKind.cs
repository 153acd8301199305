namespace Together.MediaNode.Transport.Demux;

public enum DatagramKind
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

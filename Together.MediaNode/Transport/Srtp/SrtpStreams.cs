namespace Together.MediaNode.Transport.Srtp;

/// <summary>Per-SSRC SRTP state: the highest index seen (so the ROC) and the replay window.</summary>
internal sealed class SrtpRtpStream
{
    public SrtpReplayWindow Window;
}

/// <summary>Per-SSRC SRTCP state: the replay window on receive, the next index on send.</summary>
internal sealed class SrtpRtcpStream
{
    public SrtpReplayWindow Window;
    public uint NextIndex;
}

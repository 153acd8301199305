namespace Together.MediaNode.Sfu;

/// <summary>
/// One participant's secured transport as the SFU sees it: it takes plain RTP/RTCP, protects it with that
/// participant's SRTP context and sends it. Returns false when the packet could not be sent (not connected yet,
/// closed, send buffer full); the SFU then counts it as dropped and moves on.
/// </summary>
public interface IMediaLink
{
    bool TrySendRtp(ReadOnlySpan<byte> rtp);

    bool TrySendRtcp(ReadOnlySpan<byte> rtcp);
}

namespace Together.MediaNode.Sfu;

/// <summary>
/// One participant's secured transport as the SFU sees it: it takes plain RTP/RTCP in
/// <c>buffer[..length]</c>, protects it in place with that participant's SRTP context (the buffer has room for the
/// authentication tag) and sends it. Returns false when the packet could not be sent (not connected yet,
/// closed, send buffer full); the SFU then counts it as dropped and moves on.
/// </summary>
public interface IMediaLink
{
    bool TrySendRtp(Span<byte> buffer, int length);

    bool TrySendRtcp(Span<byte> buffer, int length);
}

namespace Together.MediaNode.Transport.Srtp;

/// <summary>
/// Inbound SRTP/SRTCP packets refused, summed over every session that reports here (one instance per node). Written
/// only when a packet is refused, with <see cref="Interlocked"/>, so accepted packets pay nothing and a metrics scrape
/// reads without taking any session's lock.
/// </summary>
public sealed class SrtpRefusalCounters
{
    private long _rtpAuthenticationFailures;
    private long _rtpReplaysRejected;
    private long _rtcpAuthenticationFailures;
    private long _rtcpReplaysRejected;

    public long RtpAuthenticationFailures => Interlocked.Read(ref _rtpAuthenticationFailures);

    public long RtpReplaysRejected => Interlocked.Read(ref _rtpReplaysRejected);

    public long RtcpAuthenticationFailures => Interlocked.Read(ref _rtcpAuthenticationFailures);

    public long RtcpReplaysRejected => Interlocked.Read(ref _rtcpReplaysRejected);

    internal void RtpAuthenticationFailed() => Interlocked.Increment(ref _rtpAuthenticationFailures);

    internal void RtpReplayRejected() => Interlocked.Increment(ref _rtpReplaysRejected);

    internal void RtcpAuthenticationFailed() => Interlocked.Increment(ref _rtcpAuthenticationFailures);

    internal void RtcpReplayRejected() => Interlocked.Increment(ref _rtcpReplaysRejected);
}

using System.Net;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;

namespace Together.MediaNode.Probe;

/// <summary>
/// A probe participant's media path to the node: ICE (controlling), a DTLS client and SRTP over some UDP socket. The
/// probe's own is <see cref="ProbeMediaConnection"/>; a load generator supplies one that shares a socket among
/// thousands of participants (<see cref="ProbeJoinOptions.Media"/>).
/// </summary>
public interface IProbeMediaPath : IAsyncDisposable
{
    /// <summary>Our address as the node saw it in our connectivity checks.</summary>
    IPEndPoint? MappedAddress { get; }

    long RtcpReceived { get; }

    /// <summary>SRTP/SRTCP that did not authenticate with our keys.</summary>
    long SrtpFailures { get; }

    /// <summary>ICE then DTLS; null when media can flow, or what failed.</summary>
    Task<ProbeFailure?> ConnectAsync(TimeSpan timeout, CancellationToken cancellation);

    /// <summary>Protects <c>buffer[..length]</c> in place (it needs SrtpSession.MaxOverhead spare bytes) and sends it.</summary>
    bool TrySendRtp(Span<byte> buffer, int length);
}

/// <summary>What a media path needs from signalling: both sides' ICE credentials, the node's candidate and DTLS identity.</summary>
public sealed record ProbeMediaSetup(
    IceCredentials Local, IceCredentials Remote, IPEndPoint Node, DtlsCertificate Certificate, DtlsFingerprint NodeFingerprint);

/// <summary>How a probe participant joins; the defaults are the probe command's.</summary>
public sealed record ProbeJoinOptions(ProbeLatencyBook Book, TimeProvider Time, TimeSpan Timeout)
{
    /// <summary>Decode received Opus to measure its level (costly; only the probe command and tests need it).</summary>
    public bool Decode { get; init; }

    /// <summary>The DTLS certificate to present; null generates one per participant.</summary>
    public DtlsCertificate? Certificate { get; init; }

    /// <summary>The media path to use; null uses the probe's own socket per participant.</summary>
    public Func<ProbeMediaSetup, IProbeMediaPath>? Media { get; init; }
}

using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Transport.Peer;

/// <summary>
/// What every peer of one node shares: the node's certificate, the handshake cap, the options, and the node-wide
/// count of refused SRTP (peers come and go; the count outlives them).
/// </summary>
public sealed class PeerTransportContext(DtlsCertificate certificate, DtlsOptions? dtlsOptions = null, IceLiteOptions? iceOptions = null,
    SrtpRefusalCounters? srtpRefusals = null)
    : IDisposable
{
    public DtlsCertificate Certificate { get; } = certificate;

    public DtlsOptions DtlsOptions { get; } = dtlsOptions ?? new DtlsOptions();

    public IceLiteOptions IceOptions { get; } = iceOptions ?? new IceLiteOptions();

    public SrtpRefusalCounters SrtpRefusals { get; } = srtpRefusals ?? new SrtpRefusalCounters();

    public DtlsHandshakeGate HandshakeGate { get; } = new((dtlsOptions ?? new DtlsOptions()).MaxConcurrentHandshakes);

    public void Dispose() => HandshakeGate.Dispose();
}

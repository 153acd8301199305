using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;

namespace Together.MediaNode.Transport.Peer;

/// <summary>What every peer of one node shares: the node's certificate, the handshake cap, and the options.</summary>
public sealed class PeerTransportContext(DtlsCertificate certificate, DtlsOptions? dtlsOptions = null, IceLiteOptions? iceOptions = null)
    : IDisposable
{
    public DtlsCertificate Certificate { get; } = certificate;

    public DtlsOptions DtlsOptions { get; } = dtlsOptions ?? new DtlsOptions();

    public IceLiteOptions IceOptions { get; } = iceOptions ?? new IceLiteOptions();

    public DtlsHandshakeGate HandshakeGate { get; } = new((dtlsOptions ?? new DtlsOptions()).MaxConcurrentHandshakes);

    public void Dispose() => HandshakeGate.Dispose();
}

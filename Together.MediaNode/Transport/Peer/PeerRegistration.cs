using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;

namespace Together.MediaNode.Transport.Peer;

/// <summary>What signalling learned for one peer: our ICE credentials for it, and its ufrag and certificate fingerprint.</summary>
public sealed record PeerRegistration(IceCredentials LocalCredentials, string? RemoteUfrag, DtlsFingerprint RemoteFingerprint);

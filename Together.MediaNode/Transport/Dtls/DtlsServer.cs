using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Transport.Dtls;

/// <summary>
/// The node's DTLS-SRTP server role (it answers a=setup:passive). BouncyCastle's defaults are wrong for WebRTC in
/// several ways, each overridden here: TLS instead of DTLS 1.2, no ECDHE_ECDSA suites, no client certificate,
/// NotifyClientCertificate throwing, no use_srtp, and an infinite handshake timeout.
/// </summary>
public sealed class DtlsServer : DefaultTlsServer
{
    internal static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, // mandatory to implement (RFC 8827 §6.5)
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _expectedClient;
    private readonly DtlsOptions _options;
    private SrtpProfile? _profile;
    private int[] _offeredProfiles = [];
    private string[] _offeredVersions = [];
    private int _namedGroup = -1;

    public DtlsServer(DtlsCertificate certificate, DtlsFingerprint expectedClientFingerprint, DtlsOptions options)
        : base(certificate.Crypto)
    {
        _certificate = certificate;
        _expectedClient = expectedClientFingerprint;
        _options = options;
    }

    /// <summary>
    /// Invoked on the handshake thread inside NotifyHandshakeComplete — the only moment BouncyCastle allows the
    /// export — so before Accept returns.
    /// </summary>
    public Action<SrtpKeyMaterial>? KeysReady { get; init; }

    /// <summary>The last alert we raised or received, for the failure log.</summary>
    public string? LastAlert { get; private set; }

    public bool PeerClosed { get; private set; }

    public DtlsHandshakeSummary Summary { get; private set; } = new();

    public override int GetHandshakeTimeoutMillis() => (int)_options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => (int)_options.HandshakeResend.TotalMilliseconds;

    public override bool RequiresExtendedMasterSecret() => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, CipherSuites);

    public override TlsECConfig GetECDHConfig()
    {
        // SecurityParameters.NegotiatedGroup reads -1 for DTLS 1.2 ECDHE, so the group is taken from here.
        var config = base.GetECDHConfig();
        _namedGroup = config.NamedGroup;
        return config;
    }

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        _offeredVersions = (TlsExtensionsUtilities.GetSupportedVersionsExtensionClient(clientExtensions) ?? [])
            .Select(v => v.ToString()).ToArray();
        var useSrtp = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client offered no use_srtp.");
        _offeredProfiles = useSrtp.ProtectionProfiles;
        _profile = DtlsSrtpProfiles.Choose(_options.SrtpProfiles, _offeredProfiles)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "No common SRTP protection profile.");
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        // Exactly one profile and an empty MKI: RFC 8827 forbids MKI in WebRTC.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_profile!.Value], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest()
    {
        // Chrome 124+ refuses a CertificateRequest listing only rsa_sign (handshake_failure); browsers sign with ECDSA.
        short[] types = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        return new CertificateRequest(types, TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client sent no certificate.");
        }

        if (!_expectedClient.Matches(clientCertificate.GetCertificateAt(0).GetEncoded()))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The client certificate does not match the SDP fingerprint.");
        }
    }

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => _certificate.CreateSigner(m_context);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var keys = DtlsSrtpProfiles.Export(m_context, _profile!.Value);
        Summary = new DtlsHandshakeSummary
        {
            OfferedVersions = _offeredVersions,
            OfferedSrtpProfiles = _offeredProfiles,
            NegotiatedVersion = m_context.ServerVersion.ToString(),
            CipherSuite = m_context.SecurityParameters.CipherSuite,
            NamedGroup = _namedGroup,
        };
        KeysReady?.Invoke(keys);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        LastAlert = $"raised {AlertDescription.GetText(alertDescription)}: {message}";

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        LastAlert = $"received {AlertDescription.GetText(alertDescription)}";
        PeerClosed |= alertDescription == AlertDescription.close_notify || alertLevel == AlertLevel.fatal;
    }
}

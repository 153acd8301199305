using Org.BouncyCastle.Tls;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Transport.Dtls;

/// <summary>
/// The DTLS-SRTP client role, for the probe (a=setup:active): offers both SRTP profiles, checks the server's
/// certificate against the SDP fingerprint, and exports keys like the server.
/// </summary>
public sealed class DtlsClient : DefaultTlsClient
{
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _expectedServer;
    private readonly DtlsOptions _options;
    private readonly SrtpProfile[] _offered;
    private SrtpProfile? _profile;

    public DtlsClient(DtlsCertificate certificate, DtlsFingerprint expectedServerFingerprint, DtlsOptions options,
        IReadOnlyList<SrtpProfile>? offeredProfiles = null)
        : base(certificate.Crypto)
    {
        _certificate = certificate;
        _expectedServer = expectedServerFingerprint;
        _options = options;
        _offered = [.. offeredProfiles ?? DtlsSrtpProfiles.Preference];
    }

    public Action<SrtpKeyMaterial>? KeysReady { get; init; }

    public string? LastAlert { get; private set; }

    public bool PeerClosed { get; private set; }

    public override int GetHandshakeTimeoutMillis() => (int)_options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => (int)_options.HandshakeResend.TotalMilliseconds;

    public override bool RequiresExtendedMasterSecret() => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsServer.CipherSuites);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions,
            new UseSrtpData(_offered.Select(p => (int)p).ToArray(), TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var useSrtp = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (useSrtp is null || useSrtp.ProtectionProfiles.Length != 1 || useSrtp.Mki.Length != 0
            || !_offered.Contains((SrtpProfile)useSrtp.ProtectionProfiles[0]))
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "The server chose no single offered SRTP profile.");
        }

        _profile = (SrtpProfile)useSrtp.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new FingerprintAuthentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        var keys = DtlsSrtpProfiles.Export(m_context, _profile!.Value);
        KeysReady?.Invoke(keys);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        LastAlert = $"raised {AlertDescription.GetText(alertDescription)}: {message}";

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        LastAlert = $"received {AlertDescription.GetText(alertDescription)}";
        PeerClosed |= alertDescription == AlertDescription.close_notify || alertLevel == AlertLevel.fatal;
    }

    private sealed class FingerprintAuthentication(DtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            var chain = serverCertificate.Certificate;
            if (chain is null || chain.IsEmpty || !client._expectedServer.Matches(chain.GetCertificateAt(0).GetEncoded()))
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "The server certificate does not match the SDP fingerprint.");
            }
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            client._certificate.CreateSigner(client.m_context);
    }
}

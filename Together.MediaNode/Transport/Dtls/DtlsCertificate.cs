using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.X509;

namespace Together.MediaNode.Transport.Dtls;

/// <summary>
/// The node's DTLS identity: a self-signed ECDSA P-256 / SHA-256 certificate generated at startup, one per node
/// process and never written to disk. Browsers pin it through the SDP fingerprint, not through a CA, so a fresh key
/// per process costs nothing and limits what a leaked key can impersonate to one process lifetime (≤ 30 days).
/// </summary>
public sealed class DtlsCertificate
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    private DtlsCertificate(BcTlsCrypto crypto, byte[] der, AsymmetricKeyParameter privateKey)
    {
        Crypto = crypto;
        Der = der;
        PrivateKey = privateKey;
        Chain = new Certificate([new BcTlsCertificate(crypto, der)]);
        Fingerprint = DtlsFingerprint.Sha256Of(der);
    }

    /// <summary>The BouncyCastle crypto provider shared by every handshake of this node.</summary>
    public BcTlsCrypto Crypto { get; }

    public byte[] Der { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public Certificate Chain { get; }

    /// <summary>For the SDP answer: a=fingerprint:sha-256 …</summary>
    public DtlsFingerprint Fingerprint { get; }

    public static DtlsCertificate Generate(TimeProvider? timeProvider = null)
    {
        var random = new SecureRandom();
        var keys = new ECKeyPairGenerator();
        keys.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var pair = keys.GenerateKeyPair();

        var now = (timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var name = new X509Name("CN=Together media node");
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(128, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now + Validity);
        generator.SetPublicKey(pair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, random));

        return new DtlsCertificate(new BcTlsCrypto(random), certificate.GetEncoded(), pair.Private);
    }

    internal TlsCredentialedSigner CreateSigner(TlsContext context) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), Crypto, PrivateKey, Chain,
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
}

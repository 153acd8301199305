using System.Globalization;
using System.Security.Cryptography;

namespace Together.MediaNode.Transport.Dtls;

/// <summary>
/// An SDP a=fingerprint (RFC 8122 §5): a hash function name and the hash of the peer's DER certificate, written as
/// uppercase hex pairs joined by colons. It is the only thing binding the DTLS handshake to the signalled session.
/// </summary>
public sealed class DtlsFingerprint
{
    private readonly byte[] _hash;

    private DtlsFingerprint(string algorithm, byte[] hash)
    {
        Algorithm = algorithm;
        _hash = hash;
    }

    /// <summary>"sha-256", "sha-384" or "sha-512" (lower case, as in SDP).</summary>
    public string Algorithm { get; }

    /// <summary>The colon-separated uppercase hex, e.g. "AB:CD:…".</summary>
    public string Value => string.Join(':', _hash.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    /// <summary>The SDP attribute value: "sha-256 AB:CD:…".</summary>
    public override string ToString() => $"{Algorithm} {Value}";

    public static DtlsFingerprint Sha256Of(ReadOnlySpan<byte> derCertificate) => new("sha-256", SHA256.HashData(derCertificate));

    /// <summary>Parses "sha-256 AB:CD:…" (the a=fingerprint value); false for unknown hashes or malformed hex.</summary>
    public static bool TryParse(string? sdpValue, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        var parts = sdpValue?.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 2 })
        {
            return false;
        }

        string algorithm = parts[0].ToLowerInvariant();
        int expectedLength = algorithm switch { "sha-256" => 32, "sha-384" => 48, "sha-512" => 64, _ => 0 };
        var pairs = parts[1].Split(':');
        if (expectedLength == 0 || pairs.Length != expectedLength)
        {
            return false;
        }

        var hash = new byte[expectedLength];
        for (int i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].Length != 2 || !byte.TryParse(pairs[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out hash[i]))
            {
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(algorithm, hash);
        return true;
    }

    /// <summary>Hashes <paramref name="derCertificate"/> with this fingerprint's algorithm and compares in constant time.</summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate)
    {
        Span<byte> actual = stackalloc byte[64];
        int length = Algorithm switch
        {
            "sha-256" => SHA256.HashData(derCertificate, actual),
            "sha-384" => SHA384.HashData(derCertificate, actual),
            _ => SHA512.HashData(derCertificate, actual),
        };
        return CryptographicOperations.FixedTimeEquals(actual[..length], _hash);
    }
}

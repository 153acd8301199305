using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;

namespace Together.MediaNode;

/// <summary>The media node's settings, bound from the <c>Media</c> configuration section.</summary>
public sealed class MediaNodeOptions : IValidatableObject
{
    public const string SectionName = "Media";

    /// <summary>
    /// The address put in ICE candidates: what browsers send their media to. Several, comma-separated, announce each
    /// (e.g. "203.0.113.7, 2001:db8::7" for a dual-stack node); browsers try them all.
    /// </summary>
    [Required]
    public string PublicAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a DTLS handshake may take before the peer is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The address the UDP socket and the ICE-TCP listener bind to.</summary>
    [Required]
    public string BindAddress { get; set; } = "::";

    [Range(0, 65535)]
    public int UdpPort { get; set; } = 50000;

    [Range(0, 65535)]
    public int TcpPort { get; set; } = 50000;

    /// <summary>
    /// PEM (SubjectPublicKeyInfo, P-256) that verifies voice tokens. A standalone node requires it; the Api
    /// supplies it when it hosts the node in-process.
    /// </summary>
    public string? TokenPublicKey { get; set; }

    [Range(1, 10_000)]
    public int MaxParticipantsPerRoom { get; set; } = 50;

    [Range(1, 10_000)]
    public int MaxConcurrentHandshakes { get; set; } = 16;

    /// <summary>
    /// The key the Api presents (header <c>X-Media-Control-Key</c>) to call the control API. When unset, the
    /// control API is not mapped at all, so a node never exposes it unauthenticated.
    /// </summary>
    public string? ControlApiKey { get; set; }

    /// <summary>Largest signalling message accepted, in bytes (SDP offers with many m-lines stay well below).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxSignalingMessageBytes { get; set; } = 64 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var publicAddresses = PublicAddresses();
        if (publicAddresses.Count == 0)
        {
            yield return new ValidationResult("Media:PublicAddress names no address.", [nameof(PublicAddress)]);
        }

        foreach (var address in publicAddresses.Where(a => !IPAddress.TryParse(a, out _)))
        {
            yield return new ValidationResult(
                $"Media:PublicAddress '{address}' is not an IP address.", [nameof(PublicAddress)]);
        }

        if (!IPAddress.TryParse(BindAddress, out _))
        {
            yield return new ValidationResult(
                $"Media:BindAddress '{BindAddress}' is not an IP address.", [nameof(BindAddress)]);
        }

        if (string.IsNullOrWhiteSpace(TokenPublicKey))
        {
            yield return new ValidationResult(
                "Media:TokenPublicKey is required: the PEM public key (P-256) that verifies voice tokens.",
                [nameof(TokenPublicKey)]);
        }
        else if (!IsP256PublicKey(TokenPublicKey))
        {
            yield return new ValidationResult(
                "Media:TokenPublicKey is not a PEM SubjectPublicKeyInfo holding a P-256 key.", [nameof(TokenPublicKey)]);
        }

        if (ControlApiKey is { Length: > 0 and < 16 })
        {
            yield return new ValidationResult(
                "Media:ControlApiKey must be at least 16 characters.", [nameof(ControlApiKey)]);
        }
    }

    /// <summary>The announced addresses, in the order given.</summary>
    public IReadOnlyList<string> PublicAddresses() =>
        PublicAddress.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsP256PublicKey(string pem)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            return key.ExportParameters(false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}

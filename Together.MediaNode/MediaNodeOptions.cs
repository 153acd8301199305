using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode;

/// <summary>
/// The media node's settings, bound from the <c>Media</c> configuration section: the only settings class of the node,
/// transport included, validated on start so a bad value stops the node with the key named.
/// </summary>
public sealed class MediaNodeOptions : IValidatableObject
{
    public const string SectionName = "Media";

    /// <summary>
    /// The address put in ICE candidates: what browsers send their media to. Several, comma-separated, announce each
    /// (e.g. "203.0.113.7, 2001:db8::7" for a dual-stack node); browsers try them all. Unset: the machine's own
    /// interface addresses and 127.0.0.1 (<see cref="Host.InterfaceAddresses"/>), right on a LAN and wrong behind NAT.
    /// </summary>
    public string? PublicAddress { get; set; }

    /// <summary>True when <see cref="PublicAddress"/> was set, false when the interface addresses are announced.</summary>
    public bool PublicAddressConfigured => PublicAddress is not null;

    /// <summary>How long a DTLS handshake may take before the peer is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Media:HandshakeTimeout must be between {1} and {2}.")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The address the UDP socket and the ICE-TCP listener bind to: "0.0.0.0" for IPv4 only, "::" for IPv6 with IPv4
    /// (dual stack), or one address.
    /// </summary>
    [Required(ErrorMessage = "Media:BindAddress is required.")]
    public string BindAddress { get; set; } = "::";

    /// <summary>The one UDP port every peer shares; 0 picks a free port (tests).</summary>
    [Range(0, 65535, ErrorMessage = "Media:UdpPort must be between {1} and {2}.")]
    public int UdpPort { get; set; } = 50000;

    /// <summary>The ICE-TCP passive port (RFC 6544) for networks that block UDP; 0 picks a free port (tests).</summary>
    [Range(0, 65535, ErrorMessage = "Media:TcpPort must be between {1} and {2}.")]
    public int TcpPort { get; set; } = 50000;

    /// <summary>False: no ICE-TCP listener and no TCP candidates, for nodes whose clients all reach UDP (or use TURN).</summary>
    public bool IceTcp { get; set; } = true;

    /// <summary>
    /// PEM (SubjectPublicKeyInfo, P-256) that verifies voice tokens. A standalone node requires it; the Api
    /// supplies it when it hosts the node in-process.
    /// </summary>
    public string? TokenPublicKey { get; set; }

    [Range(1, 10_000, ErrorMessage = "Media:MaxParticipantsPerRoom must be between {1} and {2}.")]
    public int MaxParticipantsPerRoom { get; set; } = 50;

    /// <summary>DTLS handshakes running at once: each holds a thread blocked in BouncyCastle while it runs.</summary>
    [Range(1, 1024, ErrorMessage = "Media:MaxConcurrentHandshakes must be between {1} and {2}.")]
    public int MaxConcurrentHandshakes { get; set; } = 16;

    /// <summary>use_srtp profiles accepted, most preferred first; null keeps AEAD_AES_128_GCM then AES_CM_128_HMAC_SHA1_80.</summary>
    public SrtpProfile[]? SrtpProfiles { get; set; }

    /// <summary>
    /// The key the Api presents (header <c>X-Media-Control-Key</c>) to call the control API. When unset, the
    /// control API is not mapped at all, so a node never exposes it unauthenticated.
    /// </summary>
    public string? ControlApiKey { get; set; }

    /// <summary>
    /// A standalone node reports joins, leaves, speaking and mute/deafen here (the Api's
    /// <c>/api/internal/media/reports</c>), authenticated with <see cref="ControlApiKey"/>. Unset: the events are
    /// only logged (or, in the merged process, handed to the Api in-process).
    /// </summary>
    public string? ReportUrl { get; set; }

    /// <summary>How often the node sends the Api a snapshot of its rooms; the Api drops a node's voice states after three silent intervals.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Media:ReportInterval must be between {1} and {2}.")]
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest signalling message accepted, in bytes (SDP offers with many m-lines stay well below).</summary>
    [Range(1024, 1024 * 1024, ErrorMessage = "Media:MaxSignalingMessageBytes must be between {1} and {2}.")]
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

        if (!string.IsNullOrWhiteSpace(TokenPublicKey) && !IsP256PublicKey(TokenPublicKey))
        {
            yield return new ValidationResult(
                "Media:TokenPublicKey is not a PEM SubjectPublicKeyInfo holding a P-256 key.", [nameof(TokenPublicKey)]);
        }

        if (SrtpProfiles is { Length: 0 })
        {
            yield return new ValidationResult("Media:SrtpProfiles names no profile.", [nameof(SrtpProfiles)]);
        }

        if (!string.IsNullOrWhiteSpace(ReportUrl)
            && (!Uri.TryCreate(ReportUrl, UriKind.Absolute, out var reportUrl) || reportUrl.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult("Media:ReportUrl must be an absolute http(s) URL.", [nameof(ReportUrl)]);
        }

        if (!string.IsNullOrWhiteSpace(ReportUrl) && string.IsNullOrEmpty(ControlApiKey))
        {
            yield return new ValidationResult(
                "Media:ReportUrl needs Media:ControlApiKey: the node authenticates its reports with it.", [nameof(ControlApiKey)]);
        }

        if (ControlApiKey is { Length: > 0 and < 16 })
        {
            yield return new ValidationResult(
                "Media:ControlApiKey must be at least 16 characters.", [nameof(ControlApiKey)]);
        }
    }

    /// <summary>The announced addresses, in the order given.</summary>
    public IReadOnlyList<string> PublicAddresses() =>
        PublicAddress is null
            ? Host.InterfaceAddresses.Current
            : PublicAddress.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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

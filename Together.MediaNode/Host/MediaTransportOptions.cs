using System.ComponentModel.DataAnnotations;
using System.Net;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Host;

/// <summary>
/// Where the node listens for media and how it secures it. Not bound from configuration: <c>AddMediaNode</c> fills
/// it from the operator's <c>Media</c> section, and tests set it through <c>AddMediaTransport(configure)</c>.
/// </summary>
public sealed class MediaTransportOptions : IValidatableObject
{
    /// <summary>"0.0.0.0" for IPv4 only, "::" for IPv6 with IPv4 (dual stack), or one address.</summary>
    [Required]
    public string BindAddress { get; set; } = "::";

    /// <summary>The one UDP port every peer shares; 0 picks a free port (tests).</summary>
    [Range(0, 65535)]
    public int UdpPort { get; set; } = 50000;

    /// <summary>The ICE-TCP passive port (RFC 6544) for networks that block UDP; -1 disables it, 0 picks a free port.</summary>
    [Range(-1, 65535)]
    public int TcpPort { get; set; } = 50000;

    /// <summary>
    /// Addresses put in the SDP candidates, e.g. the public IP behind a 1:1 NAT. Empty: the bind address when it is
    /// a concrete one, else 127.0.0.1 (a development default; production must set it).
    /// </summary>
    public IList<string> AnnouncedAddresses { get; } = [];

    [Range(1, 1024)]
    public int MaxConcurrentHandshakes { get; set; } = 16;

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>use_srtp profiles accepted, most preferred first; null keeps AEAD_AES_128_GCM then AES_CM_128_HMAC_SHA1_80.</summary>
    public SrtpProfile[]? SrtpProfiles { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            yield return new ValidationResult($"'{BindAddress}' is not an IP address.", [nameof(BindAddress)]);
        }

        if (SrtpProfiles is { Length: 0 })
        {
            yield return new ValidationResult("At least one SRTP profile is needed.", [nameof(SrtpProfiles)]);
        }

        foreach (var address in AnnouncedAddresses.Where(a => !IPAddress.TryParse(a, out _)))
        {
            yield return new ValidationResult($"'{address}' is not an IP address.", [nameof(AnnouncedAddresses)]);
        }
    }
}

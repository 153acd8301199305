using System.ComponentModel.DataAnnotations;

namespace Together.Api.Features.Voice;

/// <summary>
/// The Api's side of the <c>Media</c> section: where clients reach the media node, and how the Api and a separate
/// node talk to each other. The node's own keys (<c>Media:PublicAddress</c>, ports…) are the node's options.
/// </summary>
public sealed class VoiceOptions : IValidatableObject
{
    public const string SectionName = "Media";

    /// <summary>True (default): the merged process hosts the media node. False: a separate node (<see cref="ControlUrl"/>).</summary>
    public bool InProcess { get; set; } = true;

    /// <summary>
    /// What the join answer gives clients to open: by default <c>/media/ws</c> on the origin they reached the Api on
    /// (the merged process, or the edge that routes <c>/media</c> to the node); an absolute <c>wss://</c> URL for a
    /// node on a host of its own.
    /// </summary>
    [Required(ErrorMessage = "Media:SignalingUrl is required.")]
    public string SignalingUrl { get; set; } = "/media/ws";

    /// <summary>A separate node's HTTP base URL, for its control API (server mute, move, disconnect).</summary>
    public string? ControlUrl { get; set; }

    /// <summary>
    /// Shared by the Api and a separate node: the Api presents it to the node's control API and the node presents it
    /// with its reports to <c>/api/internal/media/reports</c>. Unset: that route does not exist.
    /// </summary>
    public string? ControlApiKey { get; set; }

    /// <summary>How often nodes send snapshots (the node's own <c>Media:ReportInterval</c>); three missed and its voice states go.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Media:ReportInterval must be between {1} and {2}.")]
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!SignalingUrl.StartsWith('/')
            && !(Uri.TryCreate(SignalingUrl, UriKind.Absolute, out var url) && url.Scheme is "ws" or "wss"))
        {
            yield return new ValidationResult(
                "Media:SignalingUrl must be a path (/media/ws) or an absolute ws:// or wss:// URL.", [nameof(SignalingUrl)]);
        }

        if (!InProcess && (string.IsNullOrWhiteSpace(ControlUrl) || string.IsNullOrWhiteSpace(ControlApiKey)))
        {
            yield return new ValidationResult(
                "Media:InProcess is false: set Media:ControlUrl (the media node's HTTP URL) and Media:ControlApiKey (shared with the node).",
                [nameof(ControlUrl)]);
        }

        if (ControlUrl is { Length: > 0 } && !Uri.TryCreate(ControlUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Media:ControlUrl must be an absolute http(s) URL.", [nameof(ControlUrl)]);
        }
    }
}

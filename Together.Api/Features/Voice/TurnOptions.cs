using System.ComponentModel.DataAnnotations;

namespace Together.Api.Features.Voice;

/// <summary>
/// The <c>Turn</c> section: coturn run with <c>use-auth-secret</c> and <c>static-auth-secret</c> equal to
/// <see cref="SharedSecret"/>. Clients get time-limited credentials (TURN REST API) with every voice join.
/// </summary>
public sealed class TurnOptions : IValidatableObject
{
    public const string SectionName = "Turn";

    /// <summary>Comma-separated, e.g. <c>turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349?transport=tcp</c>.</summary>
    public string? Urls { get; set; }

    /// <summary>coturn's <c>static-auth-secret</c>.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>How long a credential stays valid: it must outlast the call (coturn checks it again on each refresh).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Turn:CredentialLifetime must be between {1} and {2}.")]
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(12);

    public IReadOnlyList<string> UrlList() =>
        (Urls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var urls = UrlList();
        foreach (var url in urls.Where(url => !url.StartsWith("turn:", StringComparison.Ordinal) && !url.StartsWith("turns:", StringComparison.Ordinal)))
        {
            yield return new ValidationResult($"Turn:Urls entry '{url}' must start with turn: or turns:.", [nameof(Urls)]);
        }

        if (urls.Count > 0 && string.IsNullOrEmpty(SharedSecret))
        {
            yield return new ValidationResult(
                "Turn:Urls is set but Turn:SharedSecret is not: set it to coturn's static-auth-secret.", [nameof(SharedSecret)]);
        }
    }
}

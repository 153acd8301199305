using System.ComponentModel.DataAnnotations;
using Together.Api.Domain;

namespace Together.Api.Infrastructure;

/// <summary>The <c>Together</c> configuration section: where this node keeps its files and who it is.</summary>
public sealed class TogetherOptions : IValidatableObject
{
    public const string SectionName = "Together";

    /// <summary>SQLite file, uploads and generated keys; relative paths resolve against the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>This node's snowflake worker id; each Api replica needs its own. The highest id is kept for imports.</summary>
    [Range(0, Snowflake.ImportWorkerId - 1)]
    public int WorkerId { get; set; }

    /// <summary>The name the web client shows on its sign-in page and in the window title.</summary>
    [Required]
    [StringLength(100, MinimumLength = 1)]
    public string InstanceName { get; set; } = "Together";

    /// <summary>Folder of the built web client; when unset, <c>Together.Web/wwwroot</c> is looked for.</summary>
    public string? WebRoot { get; set; }

    /// <summary>
    /// Comma-separated addresses and CIDR networks of reverse proxies whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed; none by default.
    /// </summary>
    public string? TrustedProxies { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        Infrastructure.TrustedProxies.Parse(TrustedProxies, out var invalid);
        if (invalid.Count > 0)
        {
            yield return new ValidationResult(
                $"{Infrastructure.TrustedProxies.ConfigurationKey} holds '{string.Join("', '", invalid)}', which is not an " +
                "IP address or a CIDR network (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8).",
                [nameof(TrustedProxies)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Together.Api.Features.Servers;

/// <summary>The <c>Servers</c> configuration section.</summary>
public sealed class ServerIconOptions
{
    public const string SectionName = "Servers";

    /// <summary>Largest server icon accepted, in bytes (1 MiB by default).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxIconBytes { get; set; } = 1024 * 1024;
}

using System.ComponentModel.DataAnnotations;
using Together.Api.Domain;

namespace Together.Api.Infrastructure;

/// <summary>The <c>Together</c> configuration section: where this node keeps its files and who it is.</summary>
public sealed class TogetherOptions
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
}

namespace Together.Api.Domain;

/// <summary>A community (Discord's "guild"): its channels, roles and members.</summary>
public sealed class Server
{
    public const int NameMinLength = 2;
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 1000;

    public long Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Content hash of the uploaded icon, which names its file; null for none.</summary>
    public string? IconHash { get; set; }

    public long OwnerId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The @everyone role has the server's id (Discord's convention), so it needs no lookup.</summary>
    public long EveryoneRoleId => Id;
}

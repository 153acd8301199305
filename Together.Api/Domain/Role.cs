using Together.Api.Permissions;

namespace Together.Api.Domain;

/// <summary>
/// A named set of permissions. Higher <see cref="Position"/> ranks higher; @everyone (id = server id) is always
/// position 0.
/// </summary>
public sealed class Role
{
    public const int NameMaxLength = 100;

    /// <summary>The name of the role every member has; it cannot be renamed.</summary>
    public const string EveryoneName = "@everyone";

    public long Id { get; set; }

    public long ServerId { get; set; }

    public required string Name { get; set; }

    /// <summary>RGB as an integer (0xRRGGBB); 0 for no colour.</summary>
    public int Color { get; set; }

    /// <summary>Shown separately in the member list.</summary>
    public bool Hoist { get; set; }

    /// <summary>Anyone who may send messages may mention it.</summary>
    public bool Mentionable { get; set; }

    public Permission Permissions { get; set; }

    public int Position { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsEveryone => Id == ServerId;
}

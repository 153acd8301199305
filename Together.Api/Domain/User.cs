namespace Together.Api.Domain;

public sealed class User
{
    public long Id { get; set; }

    /// <summary>As the user typed it; shown to others.</summary>
    public required string Username { get; set; }

    /// <summary>The case-insensitive form that carries the unique index.</summary>
    public required string NormalizedUsername { get; set; }

    public string? Email { get; set; }

    public string? NormalizedEmail { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>An argon2id hash in PHC string format.</summary>
    public required string PasswordHash { get; set; }

    public bool IsAdmin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<Session> Sessions { get; } = [];
}

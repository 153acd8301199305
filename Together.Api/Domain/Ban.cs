namespace Together.Api.Domain;

public sealed class Ban
{
    public const int ReasonMaxLength = 512;

    public long ServerId { get; set; }

    public long UserId { get; set; }

    public string? Reason { get; set; }

    public long ModeratorId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

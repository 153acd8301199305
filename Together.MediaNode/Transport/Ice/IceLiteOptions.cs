namespace Together.MediaNode.Transport.Ice;

public sealed record IceLiteOptions
{
    /// <summary>RFC 7675 §5.1: consent is lost 30 s after the last authenticated check.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many distinct remote endpoints may be validated at once; the oldest is forgotten first.</summary>
    public int MaxValidatedEndpoints { get; init; } = 8;
}

namespace Together.Tests.Infrastructure;

/// <summary>Tests that compare durations run alone, after the parallel ones, so other tests do not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}

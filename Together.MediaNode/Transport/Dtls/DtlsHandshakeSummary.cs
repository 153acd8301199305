namespace Together.MediaNode.Transport.Dtls;

/// <summary>What the peer offered and what was agreed, recorded so interop is observed rather than assumed.</summary>
public sealed record DtlsHandshakeSummary
{
    public IReadOnlyList<string> OfferedVersions { get; init; } = [];

    public IReadOnlyList<int> OfferedSrtpProfiles { get; init; } = [];

    public string NegotiatedVersion { get; init; } = "";

    public int CipherSuite { get; init; }

    public int NamedGroup { get; init; } = -1;

    /// <summary>Sizes of the datagrams received before our first reply: the ClientHello as it crossed the wire.</summary>
    public IReadOnlyList<int> FirstFlightDatagramSizes { get; init; } = [];

    public TimeSpan Duration { get; init; }

    /// <summary>The first datagrams in and out with their times since the first arrived, e.g. "+0.0ms in 1200".</summary>
    public IReadOnlyList<string> Timeline { get; init; } = [];
}

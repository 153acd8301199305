namespace Together.MediaNode.Sfu;

/// <summary>
/// The streams a node offer describes for one subscriber, in m-line order after the client's own m-lines.
/// <see cref="Version"/> ties the client's answer to this offer.
/// </summary>
public sealed record NodeOffer(int Version, IReadOnlyList<OfferedStream> Streams);

/// <summary>
/// One node m-line: sendonly carrying <see cref="PublisherUserId"/>'s voice under <see cref="Ssrc"/>, or, when the
/// publisher is null, a recycled m-line left inactive until another speaker needs it.
/// </summary>
public sealed record OfferedStream(string Mid, uint Ssrc, string? PublisherUserId);

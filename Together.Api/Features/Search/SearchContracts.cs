using Together.Api.Features.Messages;

namespace Together.Api.Features.Search;

/// <summary>
/// A page of search hits, newest first, and how many messages match in all (<c>totalResults</c>, counted over the
/// channels the caller may read only).
/// </summary>
public sealed record MessageSearchResults(int TotalResults, IReadOnlyList<MessageSearchHit> Results);

/// <summary>
/// A message as history returns it, and where the searched words are in its <c>content</c>: plain ranges for the
/// client to render as text (never markup to inject).
/// </summary>
public sealed record MessageSearchHit(MessageDto Message, IReadOnlyList<TextRange> Highlights);

/// <summary>A span of a string in UTF-16 code units, as JavaScript indexes strings.</summary>
public sealed record TextRange(int Start, int Length);

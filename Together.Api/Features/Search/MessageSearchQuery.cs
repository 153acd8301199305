using System.Globalization;
using Together.Api.Domain;
using Together.Api.Features.Messages;

namespace Together.Api.Features.Search;

/// <summary>
/// The search's criteria, read from the query string: words (<c>q</c>) and filters. At least one of <c>q</c>,
/// <c>authorId</c>, <c>has</c> and <c>mentions</c> is needed: the channel and time filters alone would page
/// through history, which <c>GET /channels/{id}/messages</c> does.
/// </summary>
public sealed record MessageSearchQuery(
    SearchTerms? Terms, long? ChannelId, long? AuthorId, bool HasAttachment, bool MentionsMe, long? Before, long? After,
    int Limit, int Offset)
{
    public const int DefaultLimit = 25;
    public const int MaxOffset = 5000;

    public static MessageSearchQuery Parse(
        string? q, string? channelId, string? authorId, string? has, string? mentions, string? before, string? after,
        string? limit, string? offset)
    {
        SearchTerms? terms = null;
        if (!string.IsNullOrWhiteSpace(q))
        {
            terms = q.Length > SearchTerms.MaxLength
                ? throw DomainException.Validation("q", $"Search for at most {SearchTerms.MaxLength} characters.")
                : SearchTerms.Parse(q) ?? throw DomainException.Validation("q", "Search for at least one word (letters or digits).");
        }

        var hasAttachment = has switch
        {
            null => false,
            "attachment" => true,
            _ => throw DomainException.Validation("has", "The only value is \"attachment\"."),
        };
        var mentionsMe = mentions switch
        {
            null => false,
            "@me" => true,
            _ => throw DomainException.Validation("mentions", "The only value is \"@me\"."),
        };
        var author = Id(authorId, "authorId");
        if (terms is null && author is null && !hasAttachment && !mentionsMe)
        {
            throw DomainException.Validation("q", "Give words to search for, or one of authorId, has and mentions.");
        }

        return new MessageSearchQuery(terms, Id(channelId, "channelId"), author, hasAttachment, mentionsMe,
            Id(before, "before"), Id(after, "after"), HistoryQuery.Limit(limit, DefaultLimit), ParseOffset(offset));
    }

    private static long? Id(string? value, string field) =>
        value is null ? null
        : Snowflake.TryParse(value, out var id) ? id
        : throw DomainException.Validation(field, "Not an id.");

    private static int ParseOffset(string? offset) =>
        offset is null ? 0
        : int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxOffset ? value
        : throw DomainException.Validation("offset", $"The offset is 0 to {MaxOffset}.");
}

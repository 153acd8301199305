using System.Globalization;
using Together.Api.Domain;

namespace Together.Api.Features.Messages;

/// <summary>Reads paging queries: at most one of before/after/around for history, and page sizes.</summary>
public static class HistoryQuery
{
    public static HistoryPage Page(string? before, string? after, string? around)
    {
        var given = new (string Field, string? Value, HistoryPageKind Kind)[]
            {
                ("before", before, HistoryPageKind.Before), ("after", after, HistoryPageKind.After),
                ("around", around, HistoryPageKind.Around),
            }
            .Where(anchor => anchor.Value is not null).ToList();
        if (given.Count > 1)
        {
            throw DomainException.Validation(given[1].Field, "Give at most one of before, after and around.");
        }

        if (given.Count == 0)
        {
            return new HistoryPage(HistoryPageKind.Newest, 0);
        }

        var (field, value, kind) = given[0];
        return Snowflake.TryParse(value, out var anchor)
            ? new HistoryPage(kind, anchor)
            : throw DomainException.Validation(field, "Not a message id.");
    }

    /// <summary>A page size from the query: <paramref name="defaultLimit"/> when absent, else 1 to <paramref name="maxLimit"/>.</summary>
    public static int Limit(string? limit, int defaultLimit = MessageReader.DefaultLimit, int maxLimit = MessageReader.MaxLimit)
    {
        if (limit is null)
        {
            return defaultLimit;
        }

        return int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= maxLimit
            ? value
            : throw DomainException.Validation("limit", $"The limit is 1 to {maxLimit}.");
    }
}

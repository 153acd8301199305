using System.Text;

namespace Together.Api.Features.Search;

/// <summary>
/// What a user typed, read as plain words: no operator of either database's query language reaches it. A word is
/// a run of letters and digits, as both full-text indexes split text; everything else separates words.
/// </summary>
public sealed class SearchTerms
{
    public const int MaxLength = 500;

    private SearchTerms(string text, IReadOnlyList<string> chunks, IReadOnlySet<string> words)
    {
        Text = text;
        Chunks = chunks;
        Words = words;
    }

    /// <summary>The query as typed, for PostgreSQL's <c>plainto_tsquery</c>, which reads plain text by design.</summary>
    public string Text { get; }

    /// <summary>The whitespace-separated parts that hold a word, each searched as a phrase (every one must match).</summary>
    public IReadOnlyList<string> Chunks { get; }

    /// <summary>The words, lower-cased, to highlight.</summary>
    public IReadOnlySet<string> Words { get; }

    /// <summary>Null when <paramref name="text"/> holds no word at all (only punctuation and spaces).</summary>
    public static SearchTerms? Parse(string text)
    {
        var chunks = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(chunk => WordRanges(chunk).Any()).ToList();
        return chunks.Count == 0
            ? null
            : new SearchTerms(text, chunks, chunks.SelectMany(chunk => WordRanges(chunk).Select(range => Lower(chunk, range))).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// An FTS5 query matching every chunk as a quoted phrase. Inside FTS5 quotes nothing is an operator
    /// (<c>NEAR</c>, <c>*</c>, <c>-</c>, <c>:</c>, column filters) and a quote is written twice.
    /// </summary>
    public string ToFts5Query()
    {
        var query = new StringBuilder();
        foreach (var chunk in Chunks)
        {
            query.Append(query.Length == 0 ? "\"" : " \"").Append(chunk.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return query.ToString();
    }

    /// <summary>Where this query's words are in <paramref name="content"/>.</summary>
    public IReadOnlyList<TextRange> Highlight(string content) =>
        WordRanges(content).Where(range => Words.Contains(Lower(content, range))).ToList();

    /// <summary>The words of <paramref name="text"/>: maximal runs of letters and digits (surrogate pairs kept whole).</summary>
    public static IEnumerable<TextRange> WordRanges(string text)
    {
        var start = -1;
        for (var index = 0; index < text.Length; index++)
        {
            var isWord = char.IsLetterOrDigit(text, index)
                || (char.IsLowSurrogate(text[index]) && index > 0 && char.IsLetterOrDigit(text, index - 1));
            if (isWord && start < 0)
            {
                start = index;
            }
            else if (!isWord && start >= 0)
            {
                yield return new TextRange(start, index - start);
                start = -1;
            }
        }

        if (start >= 0)
        {
            yield return new TextRange(start, text.Length - start);
        }
    }

    private static string Lower(string text, TextRange range) => text.Substring(range.Start, range.Length).ToLowerInvariant();
}

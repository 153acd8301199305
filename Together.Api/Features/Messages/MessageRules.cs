using System.Buffers;
using System.Text;
using Together.Api.Domain;

namespace Together.Api.Features.Messages;

/// <summary>What a message's content and nonce may be.</summary>
public static class MessageRules
{
    public const int NonceMaxLength = 64;

    /// <summary>How much of a replied-to message a reply shows.</summary>
    public const int ReplySnippetLength = 100;

    /// <summary>
    /// The content as stored: trimmed, 1 to <see cref="Message.ContentMaxLength"/> characters, valid text without
    /// NUL (PostgreSQL cannot store either, and no client could show them). Throws a validation error on
    /// <c>content</c> otherwise.
    /// </summary>
    public static string RequireContent(string? content)
    {
        var trimmed = OptionalContent(content);
        return trimmed.Length > 0 ? trimmed : throw DomainException.Validation("content", "A message needs some text.");
    }

    /// <summary>As <see cref="RequireContent"/>, but empty is allowed (a message of attachments only).</summary>
    public static string OptionalContent(string? content)
    {
        var trimmed = content?.Trim() ?? "";
        if (trimmed.Length > Message.ContentMaxLength)
        {
            throw DomainException.Validation("content", $"Messages are at most {Message.ContentMaxLength} characters long.");
        }

        var rest = trimmed.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var length) != OperationStatus.Done || rune.Value == 0)
            {
                throw DomainException.Validation("content", "Messages must be valid text.");
            }

            rest = rest[length..];
        }

        return trimmed;
    }

    public static string Snippet(string content) =>
        content.Length <= ReplySnippetLength ? content
        : char.IsHighSurrogate(content[ReplySnippetLength - 1]) ? content[..(ReplySnippetLength - 1)]
        : content[..ReplySnippetLength];
}

using System.Buffers;
using System.Text;
using Together.Api.Domain;

namespace Together.Api.Features.Reactions;

/// <summary>
/// A reaction is one Unicode emoji, as Unicode Technical Standard #51 builds them: a keycap (<c>1️⃣</c>), a flag
/// (two regional indicators), a tag sequence (<c>🏴󠁧󠁢󠁳󠁣󠁴󠁿</c>), or pictographs joined by ZWJ, each optionally with
/// VS16 or a skin tone (<c>👩🏽‍💻</c>, <c>❤️‍🔥</c>). A lone pictograph that is text by default (<c>©</c>, <c>☺</c>)
/// needs VS16 to be an emoji. At most <see cref="Reaction.EmojiMaxLength"/> UTF-16 characters. Anything else —
/// letters, custom-emoji names, markup, several emoji — is refused, so a reaction always renders as one emoji.
/// </summary>
public static class EmojiRules
{
    private const int ZeroWidthJoiner = 0x200D;
    private const int Vs16 = 0xFE0F;
    private const int CombiningKeycap = 0x20E3;
    private const int BlackFlag = 0x1F3F4;
    private const int CancelTag = 0xE007F;

    public static bool IsValid(string? emoji)
    {
        if (string.IsNullOrEmpty(emoji) || emoji.Length > Reaction.EmojiMaxLength)
        {
            return false;
        }

        var codePoints = new List<int>(emoji.Length);
        var rest = emoji.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var length) != OperationStatus.Done)
            {
                return false;
            }

            codePoints.Add(rune.Value);
            rest = rest[length..];
        }

        return IsKeycap(codePoints) || IsFlag(codePoints) || IsTagSequence(codePoints) || IsZwjSequence(codePoints);
    }

    private static bool IsKeycap(List<int> sequence) =>
        sequence is [_, CombiningKeycap] or [_, Vs16, CombiningKeycap] && sequence[0] is (>= '0' and <= '9') or '#' or '*';

    private static bool IsFlag(List<int> sequence) => sequence is [var first, var second] && IsRegionalIndicator(first) && IsRegionalIndicator(second);

    /// <summary>Subdivision flags: the black flag, tag letters and digits naming the region, the cancel tag.</summary>
    private static bool IsTagSequence(List<int> sequence) =>
        sequence.Count >= 3 && sequence[0] == BlackFlag && sequence[^1] == CancelTag
        && sequence.Skip(1).Take(sequence.Count - 2).All(tag => tag is >= 0xE0020 and <= 0xE007E);

    private static bool IsZwjSequence(List<int> sequence)
    {
        var elements = 0;
        var index = 0;
        var presented = false;
        while (true)
        {
            if (index >= sequence.Count || !IsPictograph(sequence[index]))
            {
                return false;
            }

            var basePoint = sequence[index++];
            presented = Contains(EmojiData.EmojiPresentation, basePoint);
            if (index < sequence.Count && sequence[index] == Vs16)
            {
                presented = true;
                index++;
            }
            else if (index < sequence.Count && IsSkinTone(sequence[index]) && Contains(EmojiData.EmojiModifierBase, basePoint))
            {
                presented = true;
                index++;
            }

            elements++;
            if (index == sequence.Count)
            {
                break;
            }

            if (sequence[index++] != ZeroWidthJoiner)
            {
                return false;
            }
        }

        // Within a ZWJ sequence text-default pictographs are emoji anyway (👁‍🗨); alone they need VS16.
        return elements > 1 || presented;
    }

    /// <summary>Anything that can stand as, or in, an emoji; regional indicators only pair up as flags.</summary>
    private static bool IsPictograph(int codePoint) =>
        !IsRegionalIndicator(codePoint)
        && (Contains(EmojiData.ExtendedPictographic, codePoint) || Contains(EmojiData.EmojiPresentation, codePoint));

    private static bool IsRegionalIndicator(int codePoint) => codePoint is >= 0x1F1E6 and <= 0x1F1FF;

    private static bool IsSkinTone(int codePoint) => codePoint is >= 0x1F3FB and <= 0x1F3FF;

    private static bool Contains((int First, int Last)[] ranges, int codePoint)
    {
        int low = 0, high = ranges.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (codePoint < ranges[middle].First)
            {
                high = middle - 1;
            }
            else if (codePoint > ranges[middle].Last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}

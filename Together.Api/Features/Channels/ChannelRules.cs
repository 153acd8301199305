using System.Globalization;
using System.Text;
using Together.Api.Domain;

namespace Together.Api.Features.Channels;

/// <summary>
/// What a channel may be. Text channel names take Discord's form, so they read as <c>#book-club</c>: lower-cased,
/// each run of spaces turned into one dash, and otherwise only letters (any script), digits, '-' and '_'; anything
/// else is refused rather than silently dropped. Voice channels and categories take free names (any visible
/// characters, <see cref="VisibleText"/>). Voice-only settings (bitrate, user limit) are refused elsewhere, as are
/// a topic and slowmode outside text channels and anything but a name on a category.
/// </summary>
public static class ChannelRules
{
    public const int MinBitrate = 8_000;
    public const int MaxBitrate = 384_000;
    public const int MaxUserLimit = 99;

    public static string Name(ChannelType type, string? name)
    {
        if (type != ChannelType.Text)
        {
            return VisibleText.RequireName(name, "name", 1, Channel.NameMaxLength);
        }

        var builder = new StringBuilder();
        var pendingDash = false;
        foreach (var character in (name ?? "").Trim())
        {
            if (char.IsWhiteSpace(character))
            {
                pendingDash = true;
                continue;
            }

            if (!char.IsLetterOrDigit(character) && character is not '-' and not '_'
                && CharUnicodeInfo.GetUnicodeCategory(character) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                throw DomainException.Validation("name",
                    "Text channel names may contain only letters, digits, '-' and '_' (spaces become '-').");
            }

            if (pendingDash)
            {
                builder.Append('-');
                pendingDash = false;
            }

            builder.Append(char.ToLowerInvariant(character));
        }

        if (builder.Length is 0 or > Channel.NameMaxLength)
        {
            throw DomainException.Validation("name", $"Names are 1 to {Channel.NameMaxLength} characters long.");
        }

        return builder.ToString();
    }

    public static ChannelType ParseType(string? type) => type switch
    {
        null or "text" => ChannelType.Text,
        "voice" => ChannelType.Voice,
        "category" => ChannelType.Category,
        _ => throw DomainException.Validation("type", "A channel is 'text', 'voice' or 'category'."),
    };

    /// <summary>Checks settings against the channel's type; each problem names its field.</summary>
    public static void CheckSettings(
        ChannelType type, string? topic, bool? nsfw, int? slowmodeSeconds, int? bitrate, int? userLimit, int? position)
    {
        var errors = new Dictionary<string, string[]>();
        if (topic is not null && type != ChannelType.Text)
        {
            errors["topic"] = ["Only text channels have a topic."];
        }

        if (nsfw is not null && type == ChannelType.Category)
        {
            errors["nsfw"] = ["Categories have no NSFW flag."];
        }

        if (slowmodeSeconds is { } slowmode && (type != ChannelType.Text || slowmode < 0 || slowmode > Channel.MaxSlowmodeSeconds))
        {
            errors["slowmodeSeconds"] = [$"Slowmode is 0 to {Channel.MaxSlowmodeSeconds} seconds, on text channels only."];
        }

        if (bitrate is { } bits && (type != ChannelType.Voice || bits < MinBitrate || bits > MaxBitrate))
        {
            errors["bitrate"] = [$"Bitrate is {MinBitrate} to {MaxBitrate} bits per second, on voice channels only."];
        }

        if (userLimit is { } limit && (type != ChannelType.Voice || limit < 0 || limit > MaxUserLimit))
        {
            errors["userLimit"] = [$"The user limit is 0 (none) to {MaxUserLimit}, on voice channels only."];
        }

        if (position is < 0)
        {
            errors["position"] = ["Positions are 0 or more."];
        }

        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }
}

using System.Text.RegularExpressions;
using Together.Api.Domain;

namespace Together.Api.Features.Messages;

/// <summary>
/// What a message's text asks to mention, before anyone checks who exists or may be mentioned: <c>&lt;@id&gt;</c>
/// (and Discord's older <c>&lt;@!id&gt;</c>) for users, <c>&lt;@&amp;id&gt;</c> for roles, <c>@everyone</c> and
/// <c>@here</c>. Pure. At most <see cref="MaxTargets"/> distinct users and as many roles are taken, so a message
/// cannot make the server look up thousands of ids.
/// </summary>
public static partial class MentionParser
{
    public const int MaxTargets = 100;

    public static ParsedMentions Parse(string content)
    {
        var users = new HashSet<long>();
        var roles = new HashSet<long>();
        foreach (Match match in Pattern().Matches(content))
        {
            if (!Snowflake.TryParse(match.Groups["id"].Value, out var id))
            {
                continue;
            }

            var targets = match.Groups["role"].Success ? roles : users;
            if (targets.Count < MaxTargets)
            {
                targets.Add(id);
            }
        }

        return new ParsedMentions(users, roles,
            content.Contains("@everyone", StringComparison.Ordinal), content.Contains("@here", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"<@(?:(?<role>&)|!)?(?<id>[0-9]{1,20})>", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>The ids and keywords a message's text names; <see cref="Everyone"/> and <see cref="Here"/> as written.</summary>
public sealed record ParsedMentions(IReadOnlySet<long> UserIds, IReadOnlySet<long> RoleIds, bool Everyone, bool Here);

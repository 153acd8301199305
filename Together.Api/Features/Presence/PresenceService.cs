using MassTransit;
using Together.Api.Domain;
using Together.Api.Features.Reactions;

namespace Together.Api.Features.Presence;

/// <summary>
/// The presence a user chooses: validated and published for every replica's gateway. Callers count it against the
/// <c>presence</c> rate limit first.
/// </summary>
public sealed class PresenceService(IPublishEndpoint events)
{
    public async Task UpdateAsync(long userId, string? status, CustomStatus? customStatus, CancellationToken cancellationToken)
    {
        if (!PresenceStatus.IsChoosable(status))
        {
            throw DomainException.Validation("status", "The status must be online, idle, dnd or invisible.");
        }

        if (customStatus is not null)
        {
            var text = string.IsNullOrWhiteSpace(customStatus.Text) ? null : customStatus.Text.Trim();
            if (text is null && customStatus.Emoji is null)
            {
                throw DomainException.Validation("customStatus", "A custom status needs text, an emoji, or both; send null to clear it.");
            }

            if (text?.Length > CustomStatus.TextMaxLength)
            {
                throw DomainException.Validation("customStatus.text", $"At most {CustomStatus.TextMaxLength} characters.");
            }

            if (customStatus.Emoji is not null && !EmojiRules.IsValid(customStatus.Emoji))
            {
                throw DomainException.Validation("customStatus.emoji", "The emoji must be one Unicode emoji.");
            }

            customStatus = new CustomStatus(text, customStatus.Emoji);
        }

        await events.Publish(new PresenceStatusChanged(userId, status!, customStatus), cancellationToken);
    }
}

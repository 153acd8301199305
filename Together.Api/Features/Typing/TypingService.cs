using MassTransit;
using Together.Api.Domain;
using Together.Api.Permissions;

namespace Together.Api.Features.Typing;

/// <summary>
/// Typing indicators, from <c>POST /channels/{id}/typing</c> and the hub's <c>StartTyping</c> alike; both count the
/// call against <see cref="Infrastructure.RateLimiting.RateLimitBucket.Typing"/> before they call this.
/// </summary>
public sealed class TypingService(TypingLimiter limiter, PermissionService permissions, IPublishEndpoint events, TimeProvider time)
{
    /// <summary>
    /// Announces that <paramref name="userId"/> is typing in the channel: it must be a text channel they may view
    /// (else 404) and send messages in (else 403). Repeats within <see cref="TypingLimiter.Interval"/> are dropped.
    /// </summary>
    public async Task StartAsync(long channelId, long userId, CancellationToken cancellationToken)
    {
        var access = await permissions.GetChannelAccessAsync(channelId, userId, cancellationToken)
            ?? throw DomainException.NotFound("The channel");
        if (!access.Channel.Type.HoldsMessages())
        {
            throw new DomainException(ErrorKind.Validation, ErrorCodes.NotTextChannel, "Only text channels hold messages.");
        }

        if (!access.Has(Permission.SendMessages))
        {
            access.RequireNotBlocked();
            throw DomainException.Forbidden(ErrorCodes.MissingPermission,
                $"You need the {PermissionEndpointExtensions.Describe(Permission.SendMessages)} permission for this.");
        }

        if (limiter.TryAnnounce(userId, channelId))
        {
            await events.Publish(new TypingStarted(access.Server?.ServerId, channelId, userId, time.GetUtcNow()), CancellationToken.None);
        }
    }
}

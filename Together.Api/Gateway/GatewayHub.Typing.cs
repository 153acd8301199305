using Microsoft.AspNetCore.SignalR;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Typing;
using Together.Api.Infrastructure;
using Together.Api.Infrastructure.RateLimiting;

namespace Together.Api.Gateway;

public sealed partial class GatewayHub
{
    /// <summary>The hub's twin of <c>POST /api/channels/{id}/typing</c>: same checks, same limits.</summary>
    public async Task StartTyping(string channelId, TypingService typing, UserRateLimiter limits)
    {
        // Counted before any database read, so a flood costs a dictionary lookup per call.
        limits.Acquire(RateLimitBucket.Typing, Context.User!.GetUserId(), ClientAddress);
        var id = Snowflake.TryParse(channelId, out var parsed) ? parsed : throw DomainException.NotFound("The channel");
        await typing.StartAsync(id, Context.User!.GetUserId(), Context.ConnectionAborted);
    }

    /// <summary>The connection's client address as REST sees it (forwarded by a trusted proxy), for per-address limits.</summary>
    private string ClientAddress => Context.GetHttpContext()?.GetClientAddress() ?? "unknown";
}

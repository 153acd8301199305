using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Presence;
using Together.Api.Infrastructure.RateLimiting;

namespace Together.Api.Gateway;

public sealed partial class GatewayHub
{
    /// <summary>Sets the status the user shows while online, on all their connections (docs/api.md, "Presence").</summary>
    public Task UpdatePresence(string status, CustomStatus? customStatus, PresenceService presenceService, UserRateLimiter limits)
    {
        // Each update reaches every co-member's connections: a client toggling idle in a loop must not flood them.
        limits.Acquire(RateLimitBucket.Presence, Context.User!.GetUserId(), ClientAddress);
        return presenceService.UpdateAsync(Context.User!.GetUserId(), status, customStatus, Context.ConnectionAborted);
    }
}

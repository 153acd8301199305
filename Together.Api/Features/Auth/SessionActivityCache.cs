using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Together.Api.Data;

namespace Together.Api.Features.Auth;

/// <summary>
/// Answers "is this access token's session still active?" on every authenticated request. Positive answers are
/// reused for <see cref="AuthOptions.SessionCheckCacheDuration"/>; a revocation on this node forgets the answer at
/// once, so a revoked session's tokens stop working immediately here and within that duration on other replicas.
/// </summary>
public sealed class SessionActivityCache(
    IMemoryCache cache,
    IServiceScopeFactory scopes,
    IOptions<AuthOptions> options,
    TimeProvider time)
{
    public async Task<bool> IsActiveAsync(long userId, long sessionId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(sessionId), out long cachedUserId))
        {
            return cachedUserId == userId;
        }

        return await RecheckAsync(userId, sessionId, cancellationToken);
    }

    /// <summary>Asks the database, never the cache (for a decision that must see every committed revocation).</summary>
    public async Task<bool> RecheckAsync(long userId, long sessionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
        var now = time.GetUtcNow();
        var active = await db.Sessions.AnyAsync(
            session => session.Id == sessionId && session.UserId == userId && session.RevokedAt == null && session.ExpiresAt > now,
            cancellationToken);
        if (active)
        {
            cache.Set(Key(sessionId), userId, options.Value.SessionCheckCacheDuration);
        }

        return active;
    }

    public void Forget(long sessionId) => cache.Remove(Key(sessionId));

    private static string Key(long sessionId) => $"session:{sessionId}";
}

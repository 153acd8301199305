using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Together.Api.Data;
using Together.Api.Data.Configurations;
using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Users;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Auth;

/// <summary>
/// Sessions and their refresh-token families: start one at sign-in, rotate its token on refresh, detect reuse,
/// revoke one or all.
/// </summary>
public sealed class SessionService(
    TogetherDbContext db,
    SnowflakeGenerator ids,
    AccessTokenIssuer accessTokens,
    SessionActivityCache activity,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<SessionService> logger)
{
    public async Task<AuthResponse> StartAsync(User user, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = new Session
        {
            Id = ids.NewId(),
            UserId = user.Id,
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = now + options.Value.RefreshTokenLifetime,
            UserAgent = Truncate(httpContext.Request.Headers.UserAgent.ToString(), SessionConfiguration.UserAgentMaxLength),
            IpAddress = httpContext.Connection.RemoteIpAddress?.ToString(),
        };
        db.Sessions.Add(session);
        var refreshToken = AddRefreshToken(session.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        AuthTrace.SessionStarted(logger, user.Id, session.Id);
        return Respond(user, session.Id, refreshToken);
    }

    /// <summary>
    /// Exchanges a refresh token for a new pair. The presented token dies. A token that was already exchanged is
    /// either a duplicate sent within the grace period (409, nothing else happens) or a stolen copy: the whole
    /// session is revoked, so thief and victim both have to sign in again.
    /// </summary>
    public async Task<AuthResponse> RefreshAsync(string presentedToken, CancellationToken cancellationToken)
    {
        var hash = RefreshTokenFactory.Hash(presentedToken);
        var now = time.GetUtcNow();
        var token = await db.RefreshTokens
            .Include(candidate => candidate.Session!)
            .ThenInclude(session => session.User)
            .SingleOrDefaultAsync(candidate => candidate.TokenHash == hash, cancellationToken);
        if (token?.Session?.User is not { } user || !token.Session.IsActiveAt(now))
        {
            throw ApiException.Unauthorized(ErrorCodes.InvalidRefreshToken, "The refresh token is not valid.");
        }

        var session = token.Session;
        if (token.RotatedAt is null)
        {
            // The conditional update makes two simultaneous refreshes with one token produce one winner.
            var claimed = await db.RefreshTokens
                .Where(candidate => candidate.Id == token.Id && candidate.RotatedAt == null)
                .ExecuteUpdateAsync(setters => setters.SetProperty(candidate => candidate.RotatedAt, now), cancellationToken);
            if (claimed == 1)
            {
                session.LastUsedAt = now;
                session.ExpiresAt = now + options.Value.RefreshTokenLifetime;
                var next = AddRefreshToken(session.Id, now);
                await db.SaveChangesAsync(cancellationToken);
                return Respond(user, session.Id, next);
            }

            token.RotatedAt = now;
        }

        if (now - token.RotatedAt.Value <= options.Value.RefreshReuseGrace)
        {
            throw ApiException.Conflict(ErrorCodes.RefreshTokenAlreadyRotated,
                "This refresh token was exchanged a moment ago; use the token that exchange returned.");
        }

        await RevokeAsync(user.Id, session.Id, SessionRevocationReasons.RefreshTokenReuse, cancellationToken);
        AuthTrace.RefreshTokenReuse(logger, session.Id, user.Id);
        throw ApiException.Unauthorized(ErrorCodes.RefreshTokenReused,
            "This refresh token was already used. The session has been ended; sign in again.");
    }

    public async Task<IReadOnlyList<SessionDto>> ListAsync(long userId, long currentSessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessions = await db.Sessions.AsNoTracking()
            .Where(session => session.UserId == userId && session.RevokedAt == null && session.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        return sessions
            .OrderByDescending(session => session.LastUsedAt)
            .Select(session => new SessionDto(Snowflake.Format(session.Id), session.CreatedAt, session.LastUsedAt,
                session.ExpiresAt, session.UserAgent, session.IpAddress, session.Id == currentSessionId))
            .ToList();
    }

    /// <returns>False when the user has no such active session.</returns>
    public async Task<bool> RevokeAsync(long userId, long sessionId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var revoked = await db.Sessions
            .Where(session => session.Id == sessionId && session.UserId == userId && session.RevokedAt == null)
            .ExecuteUpdateAsync(setters => setters
                .SetProperty(session => session.RevokedAt, now)
                .SetProperty(session => session.RevokedReason, reason), cancellationToken);
        activity.Forget(sessionId);
        if (revoked > 0)
        {
            AuthTrace.SessionRevoked(logger, sessionId, userId, reason);
        }

        return revoked > 0;
    }

    /// <summary>Ends every session of the user, except <paramref name="keepSessionId"/> when given.</summary>
    public async Task<int> RevokeAllAsync(long userId, string reason, long? keepSessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessionIds = await db.Sessions
            .Where(session => session.UserId == userId && session.RevokedAt == null && session.Id != keepSessionId)
            .Select(session => session.Id)
            .ToListAsync(cancellationToken);
        foreach (var sessionId in sessionIds)
        {
            await RevokeAsync(userId, sessionId, reason, cancellationToken);
        }

        return sessionIds.Count;
    }

    private string AddRefreshToken(long sessionId, DateTimeOffset now)
    {
        var token = RefreshTokenFactory.Create();
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = ids.NewId(),
            SessionId = sessionId,
            TokenHash = RefreshTokenFactory.Hash(token),
            CreatedAt = now,
        });
        return token;
    }

    private AuthResponse Respond(User user, long sessionId, string refreshToken) =>
        new(user.ToCurrentUserDto(), accessTokens.Issue(user, sessionId), refreshToken,
            (int)accessTokens.Lifetime.TotalSeconds);

    private static string? Truncate(string value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Length <= maxLength ? value : value[..maxLength];
}

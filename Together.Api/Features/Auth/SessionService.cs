using MassTransit;
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
/// revoke one or all. Every end of a session goes through here, and each is announced on the bus after its commit
/// (<see cref="SessionsEnded"/>), so the gateway closes the session's connections on every replica.
/// </summary>
public sealed class SessionService(
    TogetherDbContext db,
    SnowflakeGenerator ids,
    AccessTokenIssuer accessTokens,
    SessionActivityCache activity,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<SessionService> logger,
    // Null in the admin CLI, which is not on the bus: the connections of the sessions it ends close when their
    // access tokens expire, and cannot reconnect.
    IPublishEndpoint? events = null)
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
            ExpiresAt = SlidingExpiry(now, createdAt: now),
            UserAgent = Truncate(httpContext.Request.Headers.UserAgent.ToString(), SessionConfiguration.UserAgentMaxLength),
            IpAddress = httpContext.GetClientAddress(),
        };
        db.Sessions.Add(session);
        var refreshToken = AddRefreshToken(session.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        AuthTrace.SessionStarted(logger, user.Id, session.Id);
        return Respond(user, session.Id, refreshToken.Value);
    }

    /// <summary>
    /// Exchanges a refresh token for a new pair; the presented token dies. A token that was already exchanged gets
    /// one kind of grace: presented again within <see cref="AuthOptions.RefreshReuseGrace"/> of its exchange while
    /// its successor is still unused (the answer was lost), the successor is discarded and a fresh pair issued.
    /// Anything else is reuse of a dead token, a sign that it was copied: the whole session is revoked, so thief and
    /// victim both have to sign in again.
    /// </summary>
    public async Task<AuthResponse> RefreshAsync(string presentedToken, CancellationToken cancellationToken)
    {
        var hash = RefreshTokenFactory.Hash(presentedToken);
        var sessionId = await db.RefreshTokens
            .Where(token => token.TokenHash == hash)
            .Select(token => (long?)token.SessionId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw InvalidRefreshToken();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(() => RefreshInSessionAsync(sessionId, hash, cancellationToken));
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
    public async Task<bool> RevokeAsync(long userId, long sessionId, string reason, CancellationToken cancellationToken) =>
        await EndAsync(userId, [sessionId], reason, cancellationToken) > 0;

    /// <summary>Ends every session of the user, except <paramref name="keepSessionId"/> when given.</summary>
    public async Task<int> RevokeAllAsync(long userId, string reason, long? keepSessionId, CancellationToken cancellationToken)
    {
        var sessionIds = await db.Sessions
            .Where(session => session.UserId == userId && session.RevokedAt == null && session.Id != keepSessionId)
            .Select(session => session.Id)
            .ToListAsync(cancellationToken);
        return await EndAsync(userId, sessionIds, reason, cancellationToken);
    }

    /// <summary>
    /// Revokes those of <paramref name="sessionIds"/> that are still active, then announces them. A session found
    /// already revoked by a concurrent request is announced by that request.
    /// </summary>
    private async Task<int> EndAsync(long userId, List<long> sessionIds, string reason, CancellationToken cancellationToken)
    {
        if (sessionIds.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var ended = new List<long>(sessionIds.Count);
        foreach (var sessionId in sessionIds)
        {
            // One statement per session: each reports whether it was this request that ended it.
            var revoked = await db.Sessions
                .Where(session => session.Id == sessionId && session.UserId == userId && session.RevokedAt == null)
                .ExecuteUpdateAsync(setters => setters
                    .SetProperty(session => session.RevokedAt, now)
                    .SetProperty(session => session.RevokedReason, reason), cancellationToken);
            activity.Forget(sessionId);
            if (revoked > 0)
            {
                ended.Add(sessionId);
                AuthTrace.SessionRevoked(logger, sessionId, userId, reason);
            }
        }

        await AnnounceAsync(userId, ended, reason);
        return ended.Count;
    }

    /// <summary>
    /// After the commit, and not cancelled with the request: the sessions have ended whether or not the client still
    /// waits, and their connections must close.
    /// </summary>
    private async Task AnnounceAsync(long userId, List<long> sessionIds, string reason)
    {
        if (sessionIds.Count > 0 && events is not null)
        {
            await events.Publish(new SessionsEnded(userId, sessionIds, reason), CancellationToken.None);
        }
    }

    private async Task<AuthResponse> RefreshInSessionAsync(long sessionId, byte[] hash, CancellationToken cancellationToken)
    {
        // The execution strategy may run this again after a transient failure: start over from the database.
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();

        // Writing the session row first takes its lock (a row lock on PostgreSQL, the database's write lock on
        // SQLite) until commit, so the refreshes of one family run one at a time and each decides on what the
        // previous one committed: two requests can never both extend the same token.
        var active = await db.Sessions
            .Where(session => session.Id == sessionId && session.RevokedAt == null && session.ExpiresAt > now)
            .ExecuteUpdateAsync(setters => setters.SetProperty(session => session.LastUsedAt, now), cancellationToken);
        if (active == 0)
        {
            throw InvalidRefreshToken();
        }

        var token = await db.RefreshTokens
            .Include(candidate => candidate.Session!)
            .ThenInclude(session => session.User)
            .SingleAsync(candidate => candidate.TokenHash == hash, cancellationToken);
        var session = token.Session!;
        var user = session.User!;

        if (token.RotatedAt is null)
        {
            token.RotatedAt = now;
        }
        else if (await UnusedSuccessorWithinGraceAsync(token, now, cancellationToken) is { } neverReceived)
        {
            // The grace window stays measured from the first exchange, so retries cannot stretch it.
            neverReceived.RotatedAt = now;
            AuthTrace.RefreshRetriedWithinGrace(logger, session.Id, user.Id);
        }
        else
        {
            session.RevokedAt = now;
            session.RevokedReason = SessionRevocationReasons.RefreshTokenReuse;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            activity.Forget(session.Id);
            AuthTrace.SessionRevoked(logger, session.Id, user.Id, SessionRevocationReasons.RefreshTokenReuse);
            AuthTrace.RefreshTokenReuse(logger, session.Id, user.Id);
            await AnnounceAsync(user.Id, [session.Id], SessionRevocationReasons.RefreshTokenReuse);
            throw DomainException.Unauthenticated(ErrorCodes.RefreshTokenReused,
                "This refresh token was already used. The session has been ended; sign in again.");
        }

        session.ExpiresAt = SlidingExpiry(now, session.CreatedAt);
        var next = AddRefreshToken(session.Id, now);
        token.ReplacedById = next.Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Respond(user, session.Id, next.Value);
    }

    /// <summary>
    /// The successor of an exchanged <paramref name="token"/> when the exchange was within the grace period and
    /// the successor is still unused, so the client presenting the token again presumably never received it; else
    /// null. Only the immediate predecessor of the live token can qualify: an older one's successor is used.
    /// </summary>
    private async Task<RefreshToken?> UnusedSuccessorWithinGraceAsync(RefreshToken token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (token is not { RotatedAt: { } rotatedAt, ReplacedById: { } successorId }
            || now - rotatedAt > options.Value.RefreshReuseGrace)
        {
            return null;
        }

        var successor = await db.RefreshTokens.SingleAsync(candidate => candidate.Id == successorId, cancellationToken);
        return successor.RotatedAt is null ? successor : null;
    }

    /// <summary>Each use extends a session by the refresh lifetime, but never past its absolute maximum.</summary>
    private DateTimeOffset SlidingExpiry(DateTimeOffset now, DateTimeOffset createdAt)
    {
        var sliding = now + options.Value.RefreshTokenLifetime;
        var absolute = createdAt + options.Value.SessionMaxLifetime;
        return sliding < absolute ? sliding : absolute;
    }

    private IssuedRefreshToken AddRefreshToken(long sessionId, DateTimeOffset now)
    {
        var value = RefreshTokenFactory.Create();
        var id = ids.NewId();
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = id,
            SessionId = sessionId,
            TokenHash = RefreshTokenFactory.Hash(value),
            CreatedAt = now,
        });
        return new IssuedRefreshToken(id, value);
    }

    private static DomainException InvalidRefreshToken() =>
        DomainException.Unauthenticated(ErrorCodes.InvalidRefreshToken, "The refresh token is not valid.");

    private AuthResponse Respond(User user, long sessionId, string refreshToken) =>
        new(user.ToCurrentUserDto(), accessTokens.Issue(user, sessionId), refreshToken,
            (int)accessTokens.Lifetime.TotalSeconds);

    private static string? Truncate(string value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Length <= maxLength ? value : value[..maxLength];

    /// <summary>A refresh token as it is handed out: its row id and the only copy of its value.</summary>
    private readonly record struct IssuedRefreshToken(long Id, string Value);
}

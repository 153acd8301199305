using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Together.Api.Domain;
using Together.Api.Features.Auth;
using Together.Api.Infrastructure.RateLimiting;

namespace Together.Api.Features.Invites;

/// <summary>
/// Counts join attempts per user and per client address, and previews per address, in fixed windows. Every
/// attempt counts, successful or not: what is limited is trying codes.
/// </summary>
public sealed partial class InviteLimiter : IDisposable
{
    private readonly Limit _acceptPerUser;
    private readonly Limit _acceptPerIp;
    private readonly Limit _previewPerIp;
    private readonly ILogger<InviteLimiter> _logger;

    public InviteLimiter(IOptions<InviteRateLimitOptions> options, ILogger<InviteLimiter> logger)
    {
        _acceptPerUser = new Limit(options.Value.AcceptPerUser);
        _acceptPerIp = new Limit(options.Value.AcceptPerIp);
        _previewPerIp = new Limit(options.Value.PreviewPerIp);
        _logger = logger;
    }

    public void AcquireAccept(long userId, string clientAddress)
    {
        Acquire(_acceptPerUser, Snowflake.Format(userId), "join", clientAddress);
        Acquire(_acceptPerIp, clientAddress, "join", clientAddress);
    }

    public void AcquirePreview(string clientAddress) => Acquire(_previewPerIp, clientAddress, "preview", clientAddress);

    public void Dispose()
    {
        _acceptPerUser.Dispose();
        _acceptPerIp.Dispose();
        _previewPerIp.Dispose();
    }

    private void Acquire(Limit limit, string key, string what, string clientAddress)
    {
        using var lease = limit.Limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limit.Rule.Window;
            LogLimited(_logger, what, key, clientAddress, retryAfter);
            throw new RateLimitedException(limit.Rule.PermitLimit, retryAfter);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many invite {What} attempts by {Key} (from {ClientAddress}): refused for {RetryAfter}")]
    private static partial void LogLimited(ILogger logger, string what, string key, string clientAddress, TimeSpan retryAfter);

    private sealed class Limit(RateLimitRule rule) : IDisposable
    {
        public RateLimitRule Rule { get; } = rule;

        public PartitionedRateLimiter<string> Limiter { get; } = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = rule.PermitLimit,
                Window = rule.Window,
                QueueLimit = 0,
            }));

        public void Dispose() => Limiter.Dispose();
    }
}

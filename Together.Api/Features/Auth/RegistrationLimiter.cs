using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Together.Api.Domain;
using Together.Api.Infrastructure.RateLimiting;

namespace Together.Api.Features.Auth;

/// <summary>Sign-ups per requested username, whatever address they come from (the per-address limit is middleware).</summary>
public sealed class RegistrationLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly RateLimitRule _rule;

    public RegistrationLimiter(IOptions<AuthRateLimitOptions> options)
    {
        _rule = options.Value.RegisterPerAccount;
        var rule = _rule;
        _limiter = PartitionedRateLimiter.Create<string, string>(username => RateLimitPartition.GetFixedWindowLimiter(
            username, _ => new FixedWindowRateLimiterOptions { PermitLimit = rule.PermitLimit, Window = rule.Window, QueueLimit = 0 }));
    }

    public void Acquire(string username)
    {
        using var lease = _limiter.AttemptAcquire(username.Trim().ToLowerInvariant());
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _rule.Window;
            throw new RateLimitedException(_rule.PermitLimit, retryAfter);
        }
    }

    public void Dispose() => _limiter.Dispose();
}

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Auth;

/// <summary>
/// Per-IP limits run in ASP.NET's rate-limiting middleware (policies <see cref="LoginPolicy"/> and
/// <see cref="RegisterPolicy"/>); per-account limits need the body, so handlers ask <see cref="AccountRateLimiter"/>.
/// Both answer 429 problem details with <c>Retry-After</c> and <c>X-RateLimit-*</c>.
/// </summary>
public static class AuthRateLimits
{
    public const string LoginPolicy = "auth-login";
    public const string RegisterPolicy = "auth-register";

    public static IServiceCollection AddAuthRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<AccountRateLimiter>();
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<AuthRateLimitOptions>>((limiter, limits) =>
            {
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.AddPolicy(LoginPolicy, context => PerIp(context, limits.Value.LoginPerIp));
                limiter.AddPolicy(RegisterPolicy, context => PerIp(context, limits.Value.RegisterPerIp));
                limiter.OnRejected = async (rejected, cancellationToken) =>
                {
                    var policy = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                    var rule = policy == RegisterPolicy ? limits.Value.RegisterPerIp : limits.Value.LoginPerIp;
                    var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : rule.Window;
                    await RateLimitResponses.WriteAsync(rejected.HttpContext, rule.PermitLimit, retryAfter);
                };
            });
        services.AddRateLimiter(_ => { });
        return services;
    }

    private static RateLimitPartition<string> PerIp(HttpContext context, RateLimitRule rule) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = rule.PermitLimit, Window = rule.Window, QueueLimit = 0 });
}

/// <summary>Per-account limits, keyed by the normalised login or requested username.</summary>
public sealed class AccountRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _login;
    private readonly PartitionedRateLimiter<string> _register;
    private readonly AuthRateLimitOptions _limits;

    public AccountRateLimiter(IOptions<AuthRateLimitOptions> limits)
    {
        _limits = limits.Value;
        _login = Create(_limits.LoginPerAccount);
        _register = Create(_limits.RegisterPerAccount);
    }

    public void AcquireLogin(string account) => Acquire(_login, account, _limits.LoginPerAccount);

    public void AcquireRegister(string account) => Acquire(_register, account, _limits.RegisterPerAccount);

    public void Dispose()
    {
        _login.Dispose();
        _register.Dispose();
    }

    private static void Acquire(PartitionedRateLimiter<string> limiter, string account, RateLimitRule rule)
    {
        using var lease = limiter.AttemptAcquire(account.Trim().ToLowerInvariant());
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : rule.Window;
            throw new RateLimitedException(rule.PermitLimit, retryAfter);
        }
    }

    private static PartitionedRateLimiter<string> Create(RateLimitRule rule) =>
        PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetFixedWindowLimiter(
            account, _ => new FixedWindowRateLimiterOptions { PermitLimit = rule.PermitLimit, Window = rule.Window, QueueLimit = 0 }));
}

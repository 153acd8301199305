using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Together.Api.Infrastructure;
using Together.Api.Infrastructure.RateLimiting;

namespace Together.Api.Features.Auth;

/// <summary>
/// Per-address limits run in ASP.NET's rate-limiting middleware (policies <see cref="LoginPolicy"/>,
/// <see cref="RegisterPolicy"/>, <see cref="RefreshPolicy"/>); limits that need the body or the account live in
/// <see cref="PasswordAttemptLimiter"/> and <see cref="RegistrationLimiter"/>. All answer 429 problem details with
/// <c>Retry-After</c> and <c>X-RateLimit-*</c>, and log who was refused.
/// </summary>
public static partial class AuthRateLimits
{
    public const string LoginPolicy = "auth-login";
    public const string RegisterPolicy = "auth-register";
    public const string RefreshPolicy = "auth-refresh";

    public static IServiceCollection AddAuthRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<RegistrationLimiter>();
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<AuthRateLimitOptions>, ILoggerFactory>((limiter, options, loggers) =>
            {
                var limits = options.Value;
                var logger = loggers.CreateLogger(typeof(AuthRateLimits).FullName!);
                var rules = new Dictionary<string, RateLimitRule>
                {
                    [LoginPolicy] = limits.LoginPerIp,
                    [RegisterPolicy] = limits.RegisterPerIp,
                    [RefreshPolicy] = limits.RefreshPerIp,
                };
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                foreach (var (policy, rule) in rules)
                {
                    limiter.AddPolicy(policy, context => PerAddress(context, rule));
                }

                limiter.OnRejected = async (rejected, cancellationToken) =>
                {
                    var context = rejected.HttpContext;
                    var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                    var rule = policy is not null && rules.TryGetValue(policy, out var found) ? found : limits.LoginPerIp;
                    var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : rule.Window;
                    LogAddressLimited(logger, context.Request.Path, context.GetClientAddress(), retryAfter);
                    await RateLimitResponses.WriteAsync(context, rule.PermitLimit, retryAfter, policy);
                };
            });
        services.AddRateLimiter(_ => { });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, RateLimitRule rule) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.GetClientAddress(),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = rule.PermitLimit, Window = rule.Window, QueueLimit = 0 });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many requests to {Path} from {ClientAddress}: refused for {RetryAfter}")]
    private static partial void LogAddressLimited(ILogger logger, string path, string clientAddress, TimeSpan retryAfter);
}

using Microsoft.Extensions.Options;
using Together.Api.Domain;
using Together.Api.Infrastructure.RateLimiting;

namespace Together.Api.Features.Auth;

/// <summary>
/// Wrong passwords, from sign-in and from the current-password checks of account changes alike, counted per
/// (account, client address) and, with a higher ceiling, per account. Only failures count, and the per-address
/// count is forgotten on success, so someone guessing from elsewhere cannot cheaply lock the owner out. Logins
/// that match no account are counted under the name tried, so probing for names is limited too.
/// </summary>
public sealed partial class PasswordAttemptLimiter(
    IOptions<AuthRateLimitOptions> options,
    TimeProvider time,
    ILogger<PasswordAttemptLimiter> logger)
{
    private readonly FixedWindows _perAccountAndAddress = new(options.Value.LoginFailuresPerAccountAndAddress, time);
    private readonly FixedWindows _perAccount = new(options.Value.LoginFailuresPerAccount, time);

    /// <summary>Throws <see cref="RateLimitedException"/> when <paramref name="account"/> may not try again yet.</summary>
    public void EnsureAllowed(PasswordAttempt account)
    {
        foreach (var windows in (ReadOnlySpan<FixedWindows>)[_perAccountAndAddress, _perAccount])
        {
            if (windows.BlockedFor(KeyFor(windows, account)) is { } retryAfter)
            {
                LogLimited(logger, account.Login, account.ClientAddress, retryAfter);
                throw new RateLimitedException(windows.Rule.PermitLimit, retryAfter);
            }
        }
    }

    public void RecordFailure(PasswordAttempt account)
    {
        _perAccountAndAddress.RecordFailure(KeyFor(_perAccountAndAddress, account));
        _perAccount.RecordFailure(KeyFor(_perAccount, account));
    }

    public void RecordSuccess(PasswordAttempt account) =>
        _perAccountAndAddress.Reset(KeyFor(_perAccountAndAddress, account));

    private string KeyFor(FixedWindows windows, PasswordAttempt account)
    {
        var subject = account.UserId is { } id ? $"user:{id}" : $"login:{account.Login.Trim().ToLowerInvariant()}";
        return windows == _perAccount ? subject : $"{subject}|{account.ClientAddress}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password attempts for {Login} from {ClientAddress} refused for {RetryAfter}: too many wrong passwords")]
    private static partial void LogLimited(ILogger logger, string login, string clientAddress, TimeSpan retryAfter);
}

/// <summary>Who is trying a password: the account when the login names one, the name tried, and from where.</summary>
public readonly record struct PasswordAttempt(long? UserId, string Login, string ClientAddress);

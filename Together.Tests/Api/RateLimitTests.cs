using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Register and login limits, per IP and per account, with tight limits configured for the test.</summary>
public abstract class RateLimitTests(DatabaseKind database)
{
    [Fact]
    public async Task Logins_beyond_the_per_IP_limit_get_429_with_retry_headers()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:RateLimits:LoginPerIp:PermitLimit"] = "3",
            ["Auth:RateLimits:LoginPerIp:Window"] = "00:01:00",
        });
        using var client = host.CreateClient();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/auth/login", new { login = $"someone{attempt}", password = "whatever it is" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/auth/login", new { login = "someone9", password = "whatever it is" });

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        AssertRetryHeaders(limited, limit: 3, maxSeconds: 60);
    }

    [Fact]
    public async Task Logins_beyond_the_per_account_limit_get_429_while_other_accounts_still_work()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:RateLimits:LoginPerAccount:PermitLimit"] = "2",
            ["Auth:RateLimits:LoginPerAccount:Window"] = "00:05:00",
        });
        var target = await host.RegisterAsync();
        var bystander = await host.RegisterAsync();
        using var client = host.CreateClient();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { login = target.Username, password = "guess number " + attempt });
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var sessionsBefore = await host.QueryAsync(db => db.Sessions.CountAsync());
        using var limited = await client.PostAsJsonAsync("/api/auth/login", new { login = target.Username.ToUpperInvariant(), password = target.Password });

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        AssertRetryHeaders(limited, limit: 2, maxSeconds: 300);
        Assert.Equal(sessionsBefore, await host.QueryAsync(db => db.Sessions.CountAsync()));
        await host.LoginAsync(bystander.Username, bystander.Password);
    }

    [Fact]
    public async Task Registrations_beyond_the_per_IP_limit_get_429_and_create_nothing()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:RateLimits:RegisterPerIp:PermitLimit"] = "2",
            ["Auth:RateLimits:RegisterPerIp:Window"] = "01:00:00",
        });
        await host.RegisterAsync();
        await host.RegisterAsync();
        using var client = host.CreateClient();

        using var limited = await client.PostAsJsonAsync("/api/auth/register",
            new { username = ApiTestExtensions.NewUsername(), password = ApiTestExtensions.DefaultPassword });

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        AssertRetryHeaders(limited, limit: 2, maxSeconds: 3600);
        Assert.Equal(2, await host.QueryAsync(db => db.Users.CountAsync()));
    }

    private static void AssertRetryHeaders(HttpResponseMessage response, int limit, int maxSeconds)
    {
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, maxSeconds);
        Assert.Equal(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.True(int.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }
}

public sealed class RateLimitTestsOnSqlite() : RateLimitTests(DatabaseKind.Sqlite);

public sealed class RateLimitTestsOnPostgres() : RateLimitTests(DatabaseKind.Postgres);

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Register, login and refresh limits, per address and per account, with tight limits configured for the test.</summary>
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
    public async Task Wrong_passwords_from_one_address_lock_out_that_address_only_and_the_owner_still_signs_in()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:RateLimits:LoginFailuresPerAccountAndAddress:PermitLimit"] = "2",
            ["Auth:RateLimits:LoginFailuresPerAccountAndAddress:Window"] = "00:05:00",
        });
        var email = $"{Guid.NewGuid():N}@example.com";
        var target = await host.RegisterAsync(email: email);
        using var attacker = host.CreateClient(IPAddress.Parse("127.0.0.2"));

        // By username and by email alike: the limit is on the account the login resolves to.
        using (var byName = await attacker.PostAsJsonAsync("/api/auth/login", new { login = target.Username, password = "guess one" }))
        {
            await byName.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using (var byEmail = await attacker.PostAsJsonAsync("/api/auth/login", new { login = email, password = "guess two" }))
        {
            await byEmail.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var sessionsBefore = await host.QueryAsync(db => db.Sessions.CountAsync());
        using var limited = await attacker.PostAsJsonAsync("/api/auth/login", new { login = email.ToUpperInvariant(), password = target.Password });

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        AssertRetryHeaders(limited, limit: 2, maxSeconds: 300);
        Assert.Equal(sessionsBefore, await host.QueryAsync(db => db.Sessions.CountAsync()));
        Assert.True(host.Logs.Contains($"Password attempts for {email.ToUpperInvariant()} from 127.0.0.2 refused"),
            string.Join("\n", host.Logs.Entries));
        Assert.True(host.Logs.Contains($"Sign-in as {target.Username} from 127.0.0.2 failed: wrong password"));

        // The owner, elsewhere, is not locked out.
        await host.LoginAsync(target.Username, target.Password);
    }

    [Fact]
    public async Task Successful_sign_ins_do_not_count_toward_the_failure_limit()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:RateLimits:LoginFailuresPerAccountAndAddress:PermitLimit"] = "2",
        });
        var user = await host.RegisterAsync();

        for (var signIn = 0; signIn < 5; signIn++)
        {
            await host.LoginAsync(user.Username, user.Password);
        }
    }

    [Fact]
    public async Task The_per_account_ceiling_stops_guessing_spread_over_many_addresses()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:RateLimits:LoginFailuresPerAccountAndAddress:PermitLimit"] = "2",
            ["Auth:RateLimits:LoginFailuresPerAccount:PermitLimit"] = "4",
        });
        var target = await host.RegisterAsync();
        var bystander = await host.RegisterAsync();

        foreach (var address in new[] { "127.0.0.2", "127.0.0.3" })
        {
            using var attacker = host.CreateClient(IPAddress.Parse(address));
            for (var guess = 0; guess < 2; guess++)
            {
                using var wrong = await attacker.PostAsJsonAsync("/api/auth/login", new { login = target.Username, password = $"guess {address} {guess}" });
                await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
            }
        }

        using var client = host.CreateClient(IPAddress.Parse("127.0.0.4"));
        using var limited = await client.PostAsJsonAsync("/api/auth/login", new { login = target.Username, password = target.Password });

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        AssertRetryHeaders(limited, limit: 4, maxSeconds: 900);
        await host.LoginAsync(bystander.Username, bystander.Password);
    }

    [Fact]
    public async Task Refreshes_beyond_the_per_address_limit_get_429()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:RateLimits:RefreshPerIp:PermitLimit"] = "3",
        });
        using var client = host.CreateClient(IPAddress.Parse("127.0.0.5"));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var refused = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = $"not-a-token-{attempt}" });
            await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        }

        using var limited = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" });

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        AssertRetryHeaders(limited, limit: 3, maxSeconds: 60);
        Assert.True(host.Logs.Contains("Too many requests to /api/auth/refresh from 127.0.0.5"));
        using var elsewhere = await host.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-token" });
        await elsewhere.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
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
        // Unix seconds, as Discord sends them.
        var reset = double.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reset, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + maxSeconds + 1);
    }
}

public sealed class RateLimitTestsOnSqlite() : RateLimitTests(DatabaseKind.Sqlite);

public sealed class RateLimitTestsOnPostgres() : RateLimitTests(DatabaseKind.Postgres);

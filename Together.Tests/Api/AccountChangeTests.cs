using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Features.Auth;
using Together.Api.Features.Users;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Changing credentials as an attacker would try it: guessing the current password, taking over or probing email
/// addresses, racing for a username, and sessions that never end.
/// </summary>
public abstract class AccountChangeTests(DatabaseKind database)
{
    [Fact]
    public async Task Guessing_the_current_password_is_limited_like_sign_in_and_logged()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:RateLimits:LoginFailuresPerAccountAndAddress:PermitLimit"] = "3",
        });
        var user = await host.RegisterAsync();
        using var client = host.ClientFor(user.AccessToken);
        const string newPassword = "the thief's new passphrase";

        for (var guess = 0; guess < 3; guess++)
        {
            using var wrong = await client.PatchAsJsonAsync("/api/users/@me", new { currentPassword = $"guess number {guess}", newPassword });
            await wrong.AssertValidationProblemAsync("currentPassword");
        }

        using var limited = await client.PatchAsJsonAsync("/api/users/@me", new { currentPassword = user.Password, newPassword });

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.True(host.Logs.Contains($"Wrong current password for user {user.Id} ({user.Username}) from 127.0.0.1"));
        using var elsewhere = host.CreateClient(IPAddress.Parse("127.0.0.9"));
        using var signIn = await elsewhere.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = user.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task Wrong_current_passwords_and_wrong_sign_ins_share_one_count()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:RateLimits:LoginFailuresPerAccountAndAddress:PermitLimit"] = "2",
        });
        var user = await host.RegisterAsync();
        using var anonymous = host.CreateClient();
        using (var wrongSignIn = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = "a wrong guess" }))
        {
            await wrongSignIn.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using var client = host.ClientFor(user.AccessToken);
        using (var wrongCurrent = await client.PatchAsJsonAsync("/api/users/@me", new { currentPassword = "another guess", newPassword = "a fresh passphrase" }))
        {
            await wrongCurrent.AssertValidationProblemAsync("currentPassword");
        }

        using var limited = await anonymous.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = user.Password });
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Changing_the_email_needs_the_current_password()
    {
        await using var host = await TogetherApiHost.StartAsync(database);
        var user = await host.RegisterAsync(email: $"{Guid.NewGuid():N}@example.com");
        using var client = host.ClientFor(user.AccessToken);
        var wanted = $"{Guid.NewGuid():N}@example.com";

        using var without = await client.PatchAsJsonAsync("/api/users/@me", new { email = wanted });
        await without.AssertValidationProblemAsync("currentPassword");
        using var unchangedWithout = await client.PatchAsJsonAsync("/api/users/@me", new { email = user.Auth.User.Email, displayName = "Same Email" });
        Assert.Equal(HttpStatusCode.OK, unchangedWithout.StatusCode);

        using var with = await client.PatchAsJsonAsync("/api/users/@me", new { email = wanted, currentPassword = user.Password });

        var me = await with.ReadAsync<CurrentUserDto>(HttpStatusCode.OK);
        Assert.Equal(wanted, me.Email);
        Assert.Equal(user.Id, (await host.LoginAsync(wanted, user.Password)).User.Id);
    }

    [Fact]
    public async Task Taking_an_address_another_account_holds_answers_as_for_a_free_one_and_locks_nobody_out()
    {
        await using var host = await TogetherApiHost.StartAsync(database);
        var victimEmail = $"{Guid.NewGuid():N}@example.com";
        var victim = await host.RegisterAsync(email: victimEmail);
        var prober = await host.RegisterAsync();
        using var client = host.ClientFor(prober.AccessToken);

        using var held = await client.PatchAsJsonAsync("/api/users/@me", new { email = victimEmail, currentPassword = prober.Password });
        var heldBody = await held.Content.ReadAsStringAsync();
        var freeEmail = $"{Guid.NewGuid():N}@example.com";
        using var free = await client.PatchAsJsonAsync("/api/users/@me", new { email = freeEmail, currentPassword = prober.Password });
        var freeBody = await free.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        Assert.Equal(heldBody.Replace(victimEmail, "ADDRESS", StringComparison.Ordinal), freeBody.Replace(freeEmail, "ADDRESS", StringComparison.Ordinal));
        Assert.Equal(victim.Id, (await host.LoginAsync(victimEmail, victim.Password)).User.Id);
        await host.RegisterAsync(email: freeEmail);
    }

    [Fact]
    public async Task Two_users_renaming_to_one_name_at_once_get_one_success_and_one_409_never_500()
    {
        await using var host = await TogetherApiHost.StartAsync(database);
        for (var round = 0; round < 5; round++)
        {
            var first = host.ClientFor((await host.RegisterAsync()).AccessToken);
            var second = host.ClientFor((await host.RegisterAsync()).AccessToken);
            var name = ApiTestExtensions.NewUsername("race");

            var responses = await Task.WhenAll(
                first.PatchAsJsonAsync("/api/users/@me", new { username = name }),
                second.PatchAsJsonAsync("/api/users/@me", new { username = name }));

            var statuses = responses.Select(response => response.StatusCode).Order().ToArray();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            await responses.Single(response => response.StatusCode == HttpStatusCode.Conflict)
                .AssertProblemAsync(HttpStatusCode.Conflict, "username_taken");
            foreach (var response in responses)
            {
                response.Dispose();
            }

            first.Dispose();
            second.Dispose();
        }
    }

    [Theory]
    [InlineData("evil\u202Egnp.exe")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("isolate\u2067x\u2069")]
    [InlineData("tab\tbed")]
    public async Task Register_refuses_display_names_that_hide_or_reorder_text(string displayName)
    {
        await using var host = await TogetherApiHost.StartAsync(database);
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/register",
            new { username = ApiTestExtensions.NewUsername(), password = ApiTestExtensions.DefaultPassword, displayName });

        await response.AssertValidationProblemAsync("displayName");
        Assert.Equal(0, await host.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_session_ends_at_its_absolute_lifetime_however_often_it_is_refreshed()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Auth:SessionMaxLifetime"] = "00:00:03",
            ["Auth:RefreshReuseGrace"] = "00:00:00",
        });
        var user = await host.RegisterAsync();
        using var client = host.CreateClient();
        var refreshToken = user.Auth.RefreshToken;
        var started = DateTimeOffset.UtcNow;

        using (var early = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }))
        {
            var renewed = await early.ReadAsync<AuthResponse>(HttpStatusCode.OK);
            refreshToken = renewed.RefreshToken;
        }

        var expiresAt = await host.QueryAsync(db => db.Sessions.Where(session => session.UserId == long.Parse(user.Id))
            .Select(session => session.ExpiresAt).SingleAsync());
        Assert.True(expiresAt <= started.AddSeconds(4), $"The session runs until {expiresAt:O}, past its absolute lifetime.");

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        using var late = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        await late.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }
}

public sealed class AccountChangeTestsOnSqlite() : AccountChangeTests(DatabaseKind.Sqlite);

public sealed class AccountChangeTestsOnPostgres() : AccountChangeTests(DatabaseKind.Postgres);

using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Together.Api.Features.Auth;
using Together.Api.Features.Auth.Passwords;
using Together.Api.Features.Auth.Tokens;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Register, login, refresh (rotation, lost-answer grace, reuse, races), logout and sessions, on each database.</summary>
public abstract class AuthTests(TogetherApiHost host)
{
    private static readonly string Password = ApiTestExtensions.DefaultPassword;

    [Fact]
    public async Task Register_creates_the_account_and_signs_in()
    {
        // Not the instance's first account, which would administer it (InstanceTests).
        await host.RegisterAsync();
        var username = ApiTestExtensions.NewUsername("Reg");
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/register",
            new { username, password = Password, email = $"{username}@example.com", displayName = "  Reggie  " });

        var auth = await response.ReadAsync<AuthResponse>(HttpStatusCode.Created);
        Assert.Equal(username, auth.User.Username);
        Assert.Equal("Reggie", auth.User.DisplayName);
        Assert.Equal($"{username}@example.com", auth.User.Email);
        Assert.False(auth.User.IsAdmin);
        Assert.True(long.Parse(auth.User.Id, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(900, auth.ExpiresIn);
        Assert.NotEqual(auth.AccessToken, auth.RefreshToken);
        Assert.Equal($"/api/users/{auth.User.Id}", response.Headers.Location?.OriginalString);

        using var me = await host.ClientFor(auth.AccessToken).GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var raw = await me.Content.ReadAsStringAsync();
        Assert.Contains($"\"id\":\"{auth.User.Id}\"", raw, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedRegistrations => new()
    {
        { """{"password":"a long and uncommon passphrase"}""", "username" },
        { """{"username":"a","password":"a long and uncommon passphrase"}""", "username" },
        { """{"username":"not allowed!","password":"a long and uncommon passphrase"}""", "username" },
        { """{"username":"fine_name","password":"short"}""", "password" },
        { """{"username":"fine_name","password":"password1"}""", "password" },
        { """{"username":"fine_name","password":"Sunshine"}""", "password" },
        { """{"username":"fine_name","password":"a long and uncommon passphrase","email":"not an address"}""", "email" },
        { """{"username":5,"password":"a long and uncommon passphrase"}""", "username" },
        { """{"username":"fine_name","password":["a"]}""", "password" },
        { """{"username":"fine_name","password":"a long and uncommon passphrase","displayName":"0123456789012345678901234567890123"}""", "displayName" },
        { """{"username":"fine_name","pass""", "body" },
        { "", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedRegistrations))]
    public async Task Register_rejects_malformed_input_and_stores_nothing(string body, string field)
    {
        var usersBefore = await host.QueryAsync(db => db.Users.CountAsync());
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(usersBefore, await host.QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Register_refuses_a_taken_username_whatever_its_case()
    {
        var first = await host.RegisterAsync();
        using var client = host.CreateClient();

        using var sameName = await client.PostAsJsonAsync("/api/auth/register",
            new { username = first.Username.ToUpperInvariant(), password = Password });

        await sameName.AssertProblemAsync(HttpStatusCode.Conflict, "username_taken");
    }

    [Fact]
    public async Task Register_with_an_email_another_account_gives_answers_as_for_a_new_one_and_both_sign_in_with_it()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var first = await host.RegisterAsync(email: email);
        using var client = host.CreateClient();
        const string secondPassword = "the second account's passphrase";

        using var second = await client.PostAsJsonAsync("/api/auth/register",
            new { username = ApiTestExtensions.NewUsername(), password = secondPassword, email = email.ToUpperInvariant() });

        var registered = await second.ReadAsync<AuthResponse>(HttpStatusCode.Created);
        Assert.Equal(email.ToUpperInvariant(), registered.User.Email);
        Assert.Equal(first.Id, (await host.LoginAsync(email, first.Password)).User.Id);
        Assert.Equal(registered.User.Id, (await host.LoginAsync(email, secondPassword)).User.Id);
    }

    [Fact]
    public async Task Register_with_a_non_json_body_is_415()
    {
        using var client = host.CreateClient();
        using var response = await client.PostAsync("/api/auth/register", new StringContent("username=x", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Login_works_with_username_in_any_case_and_with_email()
    {
        var email = $"{Guid.NewGuid():N}@Example.com";
        var user = await host.RegisterAsync(email: email);

        var byName = await host.LoginAsync(user.Username.ToUpperInvariant(), Password);
        var byEmail = await host.LoginAsync(email.ToLowerInvariant(), Password);

        Assert.Equal(user.Id, byName.User.Id);
        Assert.Equal(user.Id, byEmail.User.Id);
        Assert.NotEqual(byName.RefreshToken, byEmail.RefreshToken);
        Assert.Equal(3, await host.QueryAsync(db => db.Sessions.CountAsync(session => session.User!.Username == user.Username)));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_401()
    {
        var user = await host.RegisterAsync();
        using var client = host.CreateClient();

        using var wrongPassword = await client.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = "not the password" });
        using var unknownUser = await client.PostAsJsonAsync("/api/auth/login", new { login = "nobody_" + user.Username[5..], password = Password });

        var first = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var second = await unknownUser.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_with_malformed_input_is_a_validation_problem_and_starts_no_session()
    {
        var sessionsBefore = await host.QueryAsync(db => db.Sessions.CountAsync());
        using var client = host.CreateClient();

        using var missing = await client.PostAsJsonAsync("/api/auth/login", new { login = "someone" });
        await missing.AssertValidationProblemAsync("password");
        using var wrongType = await client.PostAsync("/api/auth/login",
            new StringContent("""{"login":{"a":1},"password":"x"}""", Encoding.UTF8, "application/json"));
        await wrongType.AssertValidationProblemAsync("login");

        Assert.Equal(sessionsBefore, await host.QueryAsync(db => db.Sessions.CountAsync()));
    }

    [Fact]
    public async Task Login_rehashes_a_password_stored_with_old_parameters()
    {
        var user = await host.RegisterAsync();
        using var oldHasher = new PasswordHasher(Options.Create(new PasswordHashingOptions { MemoryKiB = 128, Iterations = 2 }), new TestMeterFactory());
        var oldHash = await oldHasher.HashAsync(Password, CancellationToken.None);
        await host.QueryAsync(db => db.Users.Where(u => u.Username == user.Username)
            .ExecuteUpdateAsync(setters => setters.SetProperty(u => u.PasswordHash, oldHash)));

        await host.LoginAsync(user.Username, Password);

        var stored = await host.QueryAsync(db => db.Users.Where(u => u.Username == user.Username).Select(u => u.PasswordHash).SingleAsync());
        Assert.StartsWith("$argon2id$v=19$m=256,t=1,p=1$", stored, StringComparison.Ordinal);
        await host.LoginAsync(user.Username, Password);
    }

    [Fact]
    public async Task Refresh_returns_a_new_pair_and_the_new_refresh_token_works_again()
    {
        var user = await host.RegisterAsync();

        var second = await RefreshAsync(user.RefreshToken);
        var third = await RefreshAsync(second.RefreshToken);

        Assert.NotEqual(user.RefreshToken, second.RefreshToken);
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);
        Assert.Equal(user.Id, third.User.Id);
        using var me = await host.ClientFor(third.AccessToken).GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task A_refresh_retried_within_the_grace_period_gets_a_working_pair_and_the_lost_one_dies()
    {
        var user = await host.RegisterAsync();
        var lost = await RefreshAsync(user.RefreshToken);

        var retried = await RefreshAsync(user.RefreshToken);

        Assert.NotEqual(lost.RefreshToken, retried.RefreshToken);
        using var me = await host.ClientFor(retried.AccessToken).GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var next = await RefreshAsync(retried.RefreshToken);
        Assert.Equal(user.Id, next.User.Id);

        // The discarded successor was never meant to reach anyone: whoever presents it holds a copy.
        using var discarded = await PostRefreshAsync(lost.RefreshToken);
        await discarded.AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");
        using var afterTheft = await PostRefreshAsync(next.RefreshToken);
        await afterTheft.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task A_retry_after_the_successor_was_used_revokes_the_family()
    {
        var user = await host.RegisterAsync();
        var second = await RefreshAsync(user.RefreshToken);
        var third = await RefreshAsync(second.RefreshToken);

        using var retry = await PostRefreshAsync(user.RefreshToken);

        await retry.AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");
        using var newest = await PostRefreshAsync(third.RefreshToken);
        await newest.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        using var access = await host.ClientFor(third.AccessToken).GetAsync("/api/users/@me");
        await access.AssertProblemAsync(HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task A_retry_after_the_grace_period_revokes_the_family()
    {
        var user = await host.RegisterAsync();
        var lost = await RefreshAsync(user.RefreshToken);
        await Task.Delay(TimeSpan.FromSeconds(1.3));

        using var retry = await PostRefreshAsync(user.RefreshToken);

        await retry.AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");
        using var successor = await PostRefreshAsync(lost.RefreshToken);
        await successor.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        using var access = await host.ClientFor(lost.AccessToken).GetAsync("/api/users/@me");
        await access.AssertProblemAsync(HttpStatusCode.Unauthorized, "session_revoked");
    }

    [Fact]
    public async Task Reusing_a_dead_refresh_token_revokes_the_whole_family()
    {
        var victim = await host.RegisterAsync();
        var otherDevice = await host.LoginAsync(victim.Username, Password);
        var current = await RefreshAsync(victim.RefreshToken);
        await Task.Delay(TimeSpan.FromSeconds(1.3));

        using var reuse = await PostRefreshAsync(victim.RefreshToken);

        await reuse.AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");
        using var successor = await PostRefreshAsync(current.RefreshToken);
        await successor.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        using var access = await host.ClientFor(current.AccessToken).GetAsync("/api/users/@me");
        await access.AssertProblemAsync(HttpStatusCode.Unauthorized, "session_revoked");

        var untouched = await RefreshAsync(otherDevice.RefreshToken);
        using var otherAccess = await host.ClientFor(untouched.AccessToken).GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, otherAccess.StatusCode);
    }

    [Fact]
    public async Task Simultaneous_refreshes_with_one_token_leave_exactly_one_live_refresh_token()
    {
        var user = await host.RegisterAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RefreshAsync(user.RefreshToken)));

        var live = await LiveRefreshTokenHashesAsync(user.Username);
        var survivor = Assert.Single(answers, answer => live.Any(hash => hash.SequenceEqual(RefreshTokenFactory.Hash(answer.RefreshToken))));
        Assert.Single(live);
        var next = await RefreshAsync(survivor.RefreshToken);
        using var me = await host.ClientFor(next.AccessToken).GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task A_retry_racing_the_use_of_its_successor_ends_the_session()
    {
        var user = await host.RegisterAsync();
        var second = await RefreshAsync(user.RefreshToken);

        var responses = await Task.WhenAll(PostRefreshAsync(second.RefreshToken), PostRefreshAsync(user.RefreshToken));

        try
        {
            // Whichever came first, the other one presents a dead token, and the pair the first one got dies too.
            var winner = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
            await Assert.Single(responses, response => response != winner)
                .AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");
            var pair = await winner.ReadAsync<AuthResponse>(HttpStatusCode.OK);
            using var refresh = await PostRefreshAsync(pair.RefreshToken);
            await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Refresh_with_an_unknown_or_missing_token_is_refused()
    {
        using var unknown = await PostRefreshAsync("not-a-token-we-ever-issued");
        await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");

        using var client = host.CreateClient();
        using var missing = await client.PostAsJsonAsync("/api/auth/refresh", new { });
        await missing.AssertValidationProblemAsync("refreshToken");
    }

    [Fact]
    public async Task Logout_ends_this_session_only()
    {
        var user = await host.RegisterAsync();
        var other = await host.LoginAsync(user.Username, Password);

        using var logout = await host.ClientFor(user.AccessToken).PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var access = await host.ClientFor(user.AccessToken).GetAsync("/api/users/@me");
        await access.AssertProblemAsync(HttpStatusCode.Unauthorized, "session_revoked");
        using var refresh = await PostRefreshAsync(user.RefreshToken);
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        using var otherAccess = await host.ClientFor(other.AccessToken).GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, otherAccess.StatusCode);
    }

    [Fact]
    public async Task Sessions_lists_the_active_sessions_and_marks_the_current_one()
    {
        var user = await host.RegisterAsync();
        var second = await host.LoginAsync(user.Username, Password);
        using var client = host.ClientFor(second.AccessToken);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("TogetherTests/1.0");

        using var response = await client.GetAsync("/api/auth/sessions");

        var sessions = await response.ReadAsync<List<SessionDto>>(HttpStatusCode.OK);
        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, session => session.Current);
        Assert.All(sessions, session => Assert.Equal("127.0.0.1", session.IpAddress));
    }

    [Fact]
    public async Task Revoking_another_session_ends_its_access_token_at_once()
    {
        var user = await host.RegisterAsync();
        var laptop = await host.LoginAsync(user.Username, Password);
        using var phone = host.ClientFor(user.AccessToken);
        using var laptopClient = host.ClientFor(laptop.AccessToken);
        using var warm = await laptopClient.GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        var laptopSession = (await (await phone.GetAsync("/api/auth/sessions")).ReadAsync<List<SessionDto>>(HttpStatusCode.OK))
            .Single(session => !session.Current);

        using var revoke = await phone.DeleteAsync($"/api/auth/sessions/{laptopSession.Id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var after = await laptopClient.GetAsync("/api/users/@me");
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "session_revoked");
        var remaining = await (await phone.GetAsync("/api/auth/sessions")).ReadAsync<List<SessionDto>>(HttpStatusCode.OK);
        Assert.Single(remaining);
    }

    [Fact]
    public async Task Revoking_a_session_that_is_not_yours_is_404_and_changes_nothing()
    {
        var owner = await host.RegisterAsync();
        var stranger = await host.RegisterAsync();
        using var ownerClient = host.ClientFor(owner.AccessToken);
        var ownerSession = (await (await ownerClient.GetAsync("/api/auth/sessions")).ReadAsync<List<SessionDto>>(HttpStatusCode.OK)).Single();

        using var foreign = await host.ClientFor(stranger.AccessToken).DeleteAsync($"/api/auth/sessions/{ownerSession.Id}");
        using var unknown = await host.ClientFor(stranger.AccessToken).DeleteAsync("/api/auth/sessions/12345");

        await foreign.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var still = await ownerClient.GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Logging_out_everywhere_ends_every_session()
    {
        var user = await host.RegisterAsync();
        var other = await host.LoginAsync(user.Username, Password);

        using var response = await host.ClientFor(user.AccessToken).DeleteAsync("/api/auth/sessions");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        foreach (var token in new[] { user.AccessToken, other.AccessToken })
        {
            using var me = await host.ClientFor(token).GetAsync("/api/users/@me");
            await me.AssertProblemAsync(HttpStatusCode.Unauthorized, "session_revoked");
        }

        using var refresh = await PostRefreshAsync(other.RefreshToken);
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    private Task<List<byte[]>> LiveRefreshTokenHashesAsync(string username) =>
        host.QueryAsync(db => db.RefreshTokens
            .Where(token => token.Session!.User!.Username == username && token.RotatedAt == null)
            .Select(token => token.TokenHash)
            .ToListAsync());

    private async Task<AuthResponse> RefreshAsync(string refreshToken)
    {
        using var response = await PostRefreshAsync(refreshToken);
        return await response.ReadAsync<AuthResponse>(HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> PostRefreshAsync(string refreshToken)
    {
        using var client = host.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
    }
}

public sealed class AuthTestsOnSqlite(SqliteApi api) : AuthTests(api.Host), IClassFixture<SqliteApi>;

public sealed class AuthTestsOnPostgres(PostgresApi api) : AuthTests(api.Host), IClassFixture<PostgresApi>;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Together.Api.Features.Users;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>GET/PATCH /users/@me and GET /users/{id}, on each database.</summary>
public abstract class UsersTests(TogetherApiHost host)
{
    [Fact]
    public async Task Me_returns_the_signed_in_user_with_email()
    {
        var user = await host.RegisterAsync(email: $"{Guid.NewGuid():N}@example.com");

        using var response = await host.ClientFor(user.AccessToken).GetAsync("/api/users/@me");

        var me = await response.ReadAsync<CurrentUserDto>(HttpStatusCode.OK);
        Assert.Equal(user.Id, me.Id);
        Assert.Equal(user.Username, me.Username);
        Assert.Equal(user.Auth.User.Email, me.Email);
    }

    [Fact]
    public async Task Patch_me_changes_the_profile_and_others_see_it()
    {
        var user = await host.RegisterAsync();
        var viewer = await host.RegisterAsync();
        var newName = ApiTestExtensions.NewUsername("Renamed");

        using var response = await host.ClientFor(user.AccessToken).PatchAsJsonAsync("/api/users/@me",
            new { username = newName, displayName = "New Display", email = "New@Example.com", currentPassword = user.Password });

        var me = await response.ReadAsync<CurrentUserDto>(HttpStatusCode.OK);
        Assert.Equal(newName, me.Username);
        Assert.Equal("New Display", me.DisplayName);
        Assert.Equal("New@Example.com", me.Email);
        using var seen = await host.ClientFor(viewer.AccessToken).GetAsync($"/api/users/{user.Id}");
        var profile = await seen.ReadAsync<UserDto>(HttpStatusCode.OK);
        Assert.Equal(newName, profile.Username);
        Assert.Equal("New Display", profile.DisplayName);
        await host.LoginAsync(newName.ToLowerInvariant(), user.Password);
        await host.LoginAsync("new@example.com", user.Password);
    }

    public static TheoryData<string, string> MalformedPatches => new()
    {
        { """{"username":"x"}""", "username" },
        { """{"username":"has space"}""", "username" },
        { """{"email":"nope"}""", "email" },
        { """{"displayName":12}""", "displayName" },
        { """{"displayName":"0123456789012345678901234567890123"}""", "displayName" },
        { """{"newPassword":"another long passphrase","currentPassword":"wrong one entirely"}""", "currentPassword" },
        { """{"newPassword":"qwerty123","currentPassword":"a long and uncommon passphrase"}""", "newPassword" },
        { """{"email":"someone.else@example.com"}""", "currentPassword" },
        { """{"email":"someone.else@example.com","currentPassword":"wrong one entirely"}""", "currentPassword" },
        { """{"displayName":"evil\u202Egnp.exe"}""", "displayName" },
        { """{"displayName":"zero\u200Bwidth"}""", "displayName" },
        { """{"displayName":"bell\u0007"}""", "displayName" },
        { """{"displayName":"lone \uD800 surrogate"}""", "displayName" },
        { "{", "body" },
    };

    [Theory]
    [MemberData(nameof(MalformedPatches))]
    public async Task Patch_me_rejects_malformed_input_and_changes_nothing(string body, string field)
    {
        var user = await host.RegisterAsync();
        var before = await host.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Username == user.Username));

        using var response = await host.ClientFor(user.AccessToken).PatchAsync("/api/users/@me",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        var after = await host.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == before.Id));
        Assert.Equal(before.Username, after.Username);
        Assert.Equal(before.DisplayName, after.DisplayName);
        Assert.Equal(before.Email, after.Email);
        Assert.Equal(before.PasswordHash, after.PasswordHash);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task Patch_me_to_a_taken_username_is_409()
    {
        var taken = await host.RegisterAsync();
        var user = await host.RegisterAsync();

        using var response = await host.ClientFor(user.AccessToken).PatchAsJsonAsync("/api/users/@me",
            new { username = taken.Username.ToUpperInvariant() });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "username_taken");
        Assert.Equal(user.Username, await host.QueryAsync(db => db.Users.Where(u => u.Username == user.Username).Select(u => u.Username).SingleAsync()));
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_ends_the_others()
    {
        var user = await host.RegisterAsync();
        var other = await host.LoginAsync(user.Username, user.Password);
        const string newPassword = "a brand new passphrase";

        using var response = await host.ClientFor(user.AccessToken).PatchAsJsonAsync("/api/users/@me",
            new { currentPassword = user.Password, newPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var mine = await host.ClientFor(user.AccessToken).GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        using var theirs = await host.ClientFor(other.AccessToken).GetAsync("/api/users/@me");
        await theirs.AssertProblemAsync(HttpStatusCode.Unauthorized, "session_revoked");
        await host.LoginAsync(user.Username, newPassword);
        using var client = host.CreateClient();
        using var old = await client.PostAsJsonAsync("/api/auth/login", new { login = user.Username, password = user.Password });
        await old.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Another_users_profile_has_no_email()
    {
        var subject = await host.RegisterAsync(email: $"{Guid.NewGuid():N}@example.com");
        var viewer = await host.RegisterAsync();

        using var response = await host.ClientFor(viewer.AccessToken).GetAsync($"/api/users/{subject.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(subject.Id, json.GetProperty("id").GetString());
        Assert.False(json.TryGetProperty("email", out _));
    }

    [Theory]
    [InlineData("/api/users/424242424242")]
    [InlineData("/api/users/not-an-id")]
    public async Task An_unknown_user_is_404(string path)
    {
        var viewer = await host.RegisterAsync();

        using var response = await host.ClientFor(viewer.AccessToken).GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class UsersTestsOnSqlite(SqliteApi api) : UsersTests(api.Host), IClassFixture<SqliteApi>;

public sealed class UsersTestsOnPostgres(PostgresApi api) : UsersTests(api.Host), IClassFixture<PostgresApi>;

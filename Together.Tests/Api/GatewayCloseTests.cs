using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Together.Api.Features.Auth;
using Together.Api.Features.Users;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// A gateway connection lives no longer than its session, over real sockets: whichever way the session ends, the
/// server sends CONNECTION_CLOSE (session_revoked) and closes the socket within a second, and no event reaches it
/// afterwards, while a connection of a session that goes on keeps receiving.
/// </summary>
public abstract class GatewayCloseTests(TogetherApiHost host)
{
    /// <summary>From the end of the request that ended the session to the socket's close, at most.</summary>
    public static readonly TimeSpan CloseWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Revoking_a_session_closes_its_connection_and_it_gets_no_USER_UPDATE_after()
    {
        await using var sessions = await TwoSessions.ConnectAsync(host);

        await AssertNoContentAsync(host.ClientFor(sessions.First.AccessToken)
            .DeleteAsync($"/api/auth/sessions/{sessions.Second.SessionId()}"));

        await AssertEndedAsync(sessions.OnSecond);
        await AssertOnlyTheKeptOneHearsAsync(sessions.First.AccessToken, sessions.OnFirst, sessions.OnSecond);
    }

    [Fact]
    public async Task Logging_out_closes_the_sessions_connection()
    {
        await using var sessions = await TwoSessions.ConnectAsync(host);

        await AssertNoContentAsync(host.ClientFor(sessions.Second.AccessToken).PostAsync("/api/auth/logout", null));

        await AssertEndedAsync(sessions.OnSecond);
        await AssertOnlyTheKeptOneHearsAsync(sessions.First.AccessToken, sessions.OnFirst, sessions.OnSecond);
    }

    [Fact]
    public async Task Changing_the_password_closes_the_other_sessions_connections_before_its_USER_UPDATE()
    {
        await using var sessions = await TwoSessions.ConnectAsync(host);

        using (var response = await host.ClientFor(sessions.First.AccessToken).PatchAsJsonAsync("/api/users/@me",
            new { currentPassword = sessions.User.Password, newPassword = "another long and uncommon passphrase" }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await AssertEndedAsync(sessions.OnSecond);
        // The change's own USER_UPDATE reaches the session that made it, and not the one it ended.
        var update = await sessions.OnFirst.NextEventAsync();
        Assert.Equal("USER_UPDATE", update.GetProperty("t").GetString());
        Assert.Empty(sessions.OnSecond.ReceivedEvents());
    }

    [Fact]
    public async Task Reusing_a_refresh_token_closes_the_sessions_connection()
    {
        await using var sessions = await TwoSessions.ConnectAsync(host);
        using var client = host.CreateClient();
        var next = await RefreshAsync(client, sessions.Second.RefreshToken, HttpStatusCode.OK);
        await RefreshAsync(client, next.RefreshToken, HttpStatusCode.OK);

        // The first token's successor has been used: presenting it again is reuse, and ends the session.
        await RefreshAsync(client, sessions.Second.RefreshToken, HttpStatusCode.Unauthorized);

        await AssertEndedAsync(sessions.OnSecond);
        await AssertOnlyTheKeptOneHearsAsync(sessions.First.AccessToken, sessions.OnFirst, sessions.OnSecond);
    }

    [Fact]
    public async Task Logging_out_everywhere_closes_every_connection_and_a_new_session_connects_and_hears()
    {
        await using var sessions = await TwoSessions.ConnectAsync(host);

        await AssertNoContentAsync(host.ClientFor(sessions.First.AccessToken).DeleteAsync("/api/auth/sessions"));

        await AssertEndedAsync(sessions.OnFirst);
        await AssertEndedAsync(sessions.OnSecond);
        var fresh = await host.LoginAsync(sessions.User.Username, sessions.User.Password);
        await using var signedInAgain = await GatewayTestClient.ConnectAsync(host, fresh.AccessToken);
        await AssertOnlyTheKeptOneHearsAsync(fresh.AccessToken, signedInAgain, sessions.OnFirst, sessions.OnSecond);
    }

    /// <summary>Closed within <see cref="CloseWithin"/>, its last event CONNECTION_CLOSE with session_revoked.</summary>
    public static async Task AssertEndedAsync(GatewayTestClient connection)
    {
        await connection.Closed.WaitAsync(CloseWithin);
        var received = connection.ReceivedEvents();
        var last = Assert.Single(received, gatewayEvent => gatewayEvent.GetProperty("t").GetString() == "CONNECTION_CLOSE");
        Assert.Equal(last, received[^1]);
        Assert.Equal("session_revoked", last.GetProperty("d").GetProperty("code").GetString());
    }

    /// <summary>
    /// Renames the user through a live session: its connection gets USER_UPDATE, and since one replica sends every
    /// event in order, by then the ended connections would have had theirs. They have none.
    /// </summary>
    private async Task AssertOnlyTheKeptOneHearsAsync(string accessToken, GatewayTestClient kept, params GatewayTestClient[] ended)
    {
        using (var response = await host.ClientFor(accessToken).PatchAsJsonAsync("/api/users/@me", new { displayName = "after the end" }))
        {
            await response.ReadAsync<CurrentUserDto>(HttpStatusCode.OK);
        }

        var update = await kept.NextEventAsync();
        Assert.Equal("USER_UPDATE", update.GetProperty("t").GetString());
        Assert.Equal("after the end", update.GetProperty("d").GetProperty("displayName").GetString());
        foreach (var connection in ended)
        {
            Assert.Empty(connection.ReceivedEvents());
        }
    }

    private static async Task AssertNoContentAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static async Task<AuthResponse> RefreshAsync(HttpClient client, string refreshToken, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal(expected, response.StatusCode);
            return null!;
        }

        return await response.ReadAsync<AuthResponse>(HttpStatusCode.OK);
    }
}

public sealed class GatewayCloseTestsOnSqlite(SqliteApi api) : GatewayCloseTests(api.Host), IClassFixture<SqliteApi>;

public sealed class GatewayCloseTestsOnPostgres(PostgresApi api) : GatewayCloseTests(api.Host), IClassFixture<PostgresApi>;

/// <summary>A connection is closed when its access token expires; the client reconnects with a fresh one.</summary>
public sealed class GatewayTokenExpiryTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task The_connection_closes_with_token_expired_when_its_access_token_expires_and_a_fresh_token_reconnects(DatabaseKind database)
    {
        await using var host = await TogetherApiHost.StartAsync(database,
            new Dictionary<string, string?> { ["Auth:AccessTokenLifetime"] = "00:00:03" });
        var user = await host.RegisterAsync();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(user.Auth.AccessTokenClaim("exp").GetInt64());
        await using var gateway = await GatewayTestClient.ConnectAsync(host, user.AccessToken);

        await gateway.Closed.WaitAsync(expiresAt - DateTimeOffset.UtcNow + GatewayCloseTests.CloseWithin);

        Assert.True(DateTimeOffset.UtcNow >= expiresAt, "Closed before the token expired.");
        var close = Assert.Single(gateway.ReceivedEvents());
        Assert.Equal("CONNECTION_CLOSE", close.GetProperty("t").GetString());
        Assert.Equal("token_expired", close.GetProperty("d").GetProperty("code").GetString());
        using var client = host.CreateClient();
        using var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken });
        var fresh = await refreshed.ReadAsync<AuthResponse>(HttpStatusCode.OK);
        await using var reconnected = await GatewayTestClient.ConnectAsync(host, fresh.AccessToken);
    }
}

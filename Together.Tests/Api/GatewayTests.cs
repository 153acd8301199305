using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Gateway;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>The SignalR gateway over real sockets: READY on connect, refusal without a valid token.</summary>
public abstract class GatewayTests(TogetherApiHost host)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_websocket_with_a_token_in_the_query_gets_READY_as_JSON()
    {
        var user = await host.RegisterAsync();
        var ready = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/gateway"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken);
            })
            .Build();
        connection.On<JsonElement>("event", gatewayEvent => ready.TrySetResult(gatewayEvent));

        await connection.StartAsync().WaitAsync(Timeout);
        var received = await ready.Task.WaitAsync(Timeout);

        Assert.Equal("READY", received.GetProperty("t").GetString());
        Assert.Equal(1, received.GetProperty("s").GetInt64());
        var data = received.GetProperty("d");
        Assert.Equal(user.Id, data.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal(user.Username, data.GetProperty("user").GetProperty("username").GetString());
        Assert.False(string.IsNullOrEmpty(data.GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task A_MessagePack_client_gets_READY_with_the_same_keys()
    {
        var user = await host.RegisterAsync();
        var server = await host.CreateServerAsync(user, "packed");
        var ready = new TaskCompletionSource<GatewayEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/gateway"), options =>
                options.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken))
            .AddMessagePackProtocol()
            .Build();
        connection.On<GatewayEvent>("event", gatewayEvent => ready.TrySetResult(gatewayEvent));

        await connection.StartAsync().WaitAsync(Timeout);
        var received = await ready.Task.WaitAsync(Timeout);

        Assert.Equal("READY", received.Type);
        Assert.Equal(1, received.Sequence);
        var data = Assert.IsAssignableFrom<IDictionary<object, object>>(received.Data);
        var sentUser = Assert.IsAssignableFrom<IDictionary<object, object>>(data["user"]);
        Assert.Equal(user.Username, sentUser["username"]);
        Assert.Equal(user.Id, sentUser["id"]);
        var state = Assert.IsAssignableFrom<IDictionary<object, object>>(Assert.Single(Assert.IsAssignableFrom<object[]>(data["servers"])));
        Assert.Equal("packed", state["name"]);
        var channel = Assert.IsAssignableFrom<IDictionary<object, object>>(Assert.IsAssignableFrom<object[]>(state["channels"])[0]);
        Assert.Equal(server.TextChannelId, channel["id"]);
        Assert.Equal(user.Id, Assert.IsAssignableFrom<IDictionary<object, object>>(
            Assert.IsAssignableFrom<IDictionary<object, object>>(Assert.Single(Assert.IsAssignableFrom<object[]>(state["members"])))["user"])["id"]);
        var readState = Assert.IsAssignableFrom<IDictionary<object, object>>(Assert.Single(Assert.IsAssignableFrom<object[]>(data["readStates"])));
        Assert.Equal(server.TextChannelId, readState["channelId"]);
        Assert.Equal(false, readState["unread"]);
    }

    [Fact]
    public async Task A_connection_keeps_only_its_user_session_and_expiry_not_the_token()
    {
        var user = await host.RegisterAsync();
        await using var client = await GatewayTestClient.ConnectAsync(host, user.AccessToken);

        var connection = Assert.Single(host.Services.GetRequiredService<GatewayConnections>()
            .InGroup(GatewayGroups.User(long.Parse(user.Id, CultureInfo.InvariantCulture))));
        var principal = connection.User!;
        var identity = Assert.Single(principal.Identities);
        Assert.Equal(typeof(ClaimsIdentity), identity.GetType());
        Assert.True(identity.IsAuthenticated);
        Assert.Null(identity.BootstrapContext);
        Assert.Equal(["exp", "sid", "sub"], identity.Claims.Select(claim => claim.Type).Order());
        Assert.Equal(user.Id, principal.FindFirstValue("sub"));
        Assert.True(principal.GetExpiresAt() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Without_a_token_the_gateway_answers_401()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(host.BaseAddress, "/gateway")).Build();

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync().WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
    }

    [Fact]
    public async Task With_an_expired_or_revoked_token_the_gateway_answers_401()
    {
        var user = await host.RegisterAsync();
        var expired = host.ExpiredTokenFor(user);
        var revoked = await host.LoginAsync(user.Username, user.Password);
        using var logout = await host.ClientFor(revoked.AccessToken).PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        foreach (var token in new[] { expired, revoked.AccessToken })
        {
            await using var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(host.BaseAddress, "/gateway"), options =>
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            var failure = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync().WaitAsync(Timeout));
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }
    }
}

public sealed class GatewayTestsOnSqlite(SqliteApi api) : GatewayTests(api.Host), IClassFixture<SqliteApi>;

public sealed class GatewayTestsOnPostgres(PostgresApi api) : GatewayTests(api.Host), IClassFixture<PostgresApi>;

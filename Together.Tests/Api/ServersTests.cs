using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Features.Servers;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>/api/servers and /api/servers/{id}: create, list, get, update, delete, transfer, on each database.</summary>
public abstract class ServersTests(TogetherApiHost host)
{
    [Fact]
    public async Task Creating_a_server_makes_the_caller_its_owner_with_everyone_general_and_a_voice_channel()
    {
        var owner = await host.RegisterAsync();

        var server = await host.CreateServerAsync(owner, "  Book club  ");

        Assert.Equal("Book club", server.State.Server.Name);
        Assert.Equal(owner.Id, server.State.Server.OwnerId);
        var everyone = Assert.Single(server.State.Roles);
        Assert.Equal(server.Id, everyone.Id);
        Assert.Equal("@everyone", everyone.Name);
        Assert.Equal(PermissionText.Format(PermissionSets.EveryoneDefault), everyone.Permissions);
        Assert.Equal(["general", "General"], server.State.Channels.Select(channel => channel.Name));
        Assert.Equal(["text", "voice"], server.State.Channels.Select(channel => channel.Type));
        Assert.Equal(64_000, server.State.Channels[1].Bitrate);
        Assert.Equal(owner.Id, server.State.Member.User.Id);
        Assert.Empty(server.State.Member.Roles);
        Assert.True(await host.QueryAsync(db => db.Members.AnyAsync(member => member.ServerId == server.LongId)));
    }

    [Fact]
    public async Task Listing_returns_only_the_callers_servers_and_get_returns_one_of_them()
    {
        var alice = await host.RegisterAsync();
        var bob = await host.RegisterAsync();
        var first = await host.CreateServerAsync(alice, "first");
        var second = await host.CreateServerAsync(alice, "second");
        await host.CreateServerAsync(bob, "bob's");

        using var client = host.ClientFor(alice.AccessToken);
        using var list = await client.GetAsync("/api/servers");
        var servers = await list.ReadAsync<List<ServerDto>>(HttpStatusCode.OK);
        Assert.Equal([first.Id, second.Id], servers.Select(server => server.Id));

        using var get = await client.GetAsync($"/api/servers/{first.Id}");
        Assert.Equal("first", (await get.ReadAsync<ServerDto>(HttpStatusCode.OK)).Name);
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "name")]
    [InlineData("""{"name":"   "}""", "name")]
    [InlineData("""{"name":"evil\u202Ename"}""", "name")]
    [InlineData("""{"name":12}""", "name")]
    [InlineData("""{}""", "name")]
    [InlineData("{", "body")]
    public async Task Creating_with_a_malformed_name_is_400_and_creates_nothing(string body, string field)
    {
        var user = await host.RegisterAsync();
        var userId = long.Parse(user.Id, System.Globalization.CultureInfo.InvariantCulture);

        using var response = await host.ClientFor(user.AccessToken).PostAsync("/api/servers",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblemAsync(field);
        Assert.False(await host.QueryAsync(db => db.Servers.AnyAsync(server => server.OwnerId == userId)));
    }

    [Fact]
    public async Task Without_a_token_every_server_route_is_401()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.CreateClient();

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/servers"), (HttpMethod.Post, "/api/servers"), (HttpMethod.Get, $"/api/servers/{server.Id}"),
            (HttpMethod.Patch, $"/api/servers/{server.Id}"), (HttpMethod.Delete, $"/api/servers/{server.Id}"),
            (HttpMethod.Post, $"/api/servers/{server.Id}/transfer"),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { name = "hijacked", userId = "1" }) };
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        Assert.Equal("Test server", await host.QueryAsync(db => db.Servers.Where(s => s.Id == server.LongId).Select(s => s.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_non_member_gets_404_for_a_server_that_exists_and_one_that_does_not()
    {
        var owner = await host.RegisterAsync();
        var stranger = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.ClientFor(stranger.AccessToken);

        using var existing = await client.GetAsync($"/api/servers/{server.Id}");
        using var missing = await client.GetAsync("/api/servers/123456789");

        await existing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class ServersTestsOnSqlite(SqliteApi api) : ServersTests(api.Host), IClassFixture<SqliteApi>;

public sealed class ServersTestsOnPostgres(PostgresApi api) : ServersTests(api.Host), IClassFixture<PostgresApi>;

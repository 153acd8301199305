using System.Net;
using Together.Api.Features.Instance;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>GET /api/instance, and the first account of a fresh instance becoming its administrator, on each database.</summary>
public abstract class InstanceTests(DatabaseKind database)
{
    [Fact]
    public async Task A_fresh_instance_says_it_has_no_users_until_the_first_registers()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?> { ["Together:InstanceName"] = "Book Club" });
        using var anonymous = host.CreateClient();

        using var before = await anonymous.GetAsync("/api/instance");
        Assert.Equal(new InstanceDto("Book Club", HasUsers: false), await before.ReadAsync<InstanceDto>(HttpStatusCode.OK));

        await host.RegisterAsync();

        using var after = await anonymous.GetAsync("/api/instance");
        Assert.Equal(new InstanceDto("Book Club", HasUsers: true), await after.ReadAsync<InstanceDto>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task The_first_account_administers_the_instance_and_later_ones_do_not()
    {
        await using var host = await TogetherApiHost.StartAsync(database);

        var first = await host.RegisterAsync();
        var second = await host.RegisterAsync();

        Assert.True(first.Auth.User.IsAdmin);
        Assert.False(second.Auth.User.IsAdmin);
        using var me = await host.ClientFor(first.AccessToken).GetAsync("/api/users/@me");
        Assert.Contains("\"isAdmin\":true", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class InstanceTestsOnSqlite() : InstanceTests(DatabaseKind.Sqlite);

public sealed class InstanceTestsOnPostgres() : InstanceTests(DatabaseKind.Postgres);

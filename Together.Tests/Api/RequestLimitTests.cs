using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>A body over the endpoint's limit is a 413 problem, and nothing is stored.</summary>
public abstract class RequestLimitTests(TogetherApiHost host)
{
    [Fact]
    public async Task An_oversized_body_is_413_payload_too_large()
    {
        var usersBefore = await host.QueryAsync(db => db.Users.CountAsync());
        using var client = host.CreateClient();
        var body = $$"""{"username":"big_one","password":"a long and uncommon passphrase","displayName":"{{new string('x', 100_000)}}"}""";

        using var response = await client.PostAsync("/api/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(usersBefore, await host.QueryAsync(db => db.Users.CountAsync()));
    }
}

public sealed class RequestLimitTestsOnSqlite(SqliteApi api) : RequestLimitTests(api.Host), IClassFixture<SqliteApi>;

public sealed class RequestLimitTestsOnPostgres(PostgresApi api) : RequestLimitTests(api.Host), IClassFixture<PostgresApi>;

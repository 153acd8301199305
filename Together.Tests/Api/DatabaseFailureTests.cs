using System.Net;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// A database that fails is the server's trouble, not the client's: 503 service_unavailable, never a 401 that
/// would make clients sign their users out. Each test breaks the database of a host of its own, for real.
/// </summary>
public sealed class DatabaseFailureTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task While_the_database_fails_a_signed_in_request_is_503_and_afterwards_the_same_token_works(DatabaseKind database)
    {
        await using var host = await TogetherApiHost.StartAsync(database);
        var user = await host.RegisterAsync();
        using var client = host.ClientFor(user.AccessToken);

        await using (await DatabaseOutage.StartAsync(host))
        {
            // Never asked before, so the session check has no cached answer and must ask the database.
            using var during = await client.GetAsync("/api/users/@me");
            await during.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        }

        using var after = await client.GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}

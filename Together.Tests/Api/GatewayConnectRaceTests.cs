using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Together.Api.Data;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// A connection whose last step of connecting (the session recheck, after it already counts as online) fails. The
/// step is held back by a real table lock in PostgreSQL and its database backend then terminated, as a busy machine
/// or a client leaving mid-connect (a cancelled query) fails it. Before the fix SignalR skipped OnDisconnectedAsync
/// after the failed OnConnectedAsync and the user stayed online for as long as the process ran: the offline
/// announcements lost under load.
/// </summary>
public sealed class GatewayConnectRaceTests
{
    [Fact]
    public async Task A_connection_whose_connecting_fails_after_it_counted_as_online_goes_offline()
    {
        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Postgres,
            new Dictionary<string, string?>
            {
                ["Gateway:OfflineGrace"] = "00:00:00",
                // Longer than any loaded machine takes between the warm-up below and connecting.
                ["Auth:SessionCheckCacheDuration"] = "00:10:00",
            });
        var (owner, user, _) = await host.CreateServerWithMemberAsync();
        await using var observer = await GatewayTestClient.ConnectAsync(host, owner.AccessToken, presence: true);
        // The user's session is now in the check cache, so only the recheck reads the sessions table.
        using (var client = host.ClientFor(user.AccessToken))
        {
            (await client.GetAsync("/api/users/@me")).EnsureSuccessStatusCode();
        }

        var connectionString = host.Services.GetRequiredService<DatabaseSettings>().ConnectionString;
        await using var locker = new NpgsqlConnection(connectionString + ";Pooling=false");
        await locker.OpenAsync();
        await using (var transaction = await locker.BeginTransactionAsync())
        {
            await ExecuteAsync(locker, "LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE");
            await using var failing = await GatewayTestClient.ConnectAsync(host, user.AccessToken);
            Assert.Equal("online", (await observer.NextEventAsync("PRESENCE_UPDATE")).GetProperty("status").GetString());
            await TerminateTheBlockedRecheckAsync(locker);
            await transaction.RollbackAsync();
        }

        Assert.Equal("offline", (await observer.NextEventAsync("PRESENCE_UPDATE")).GetProperty("status").GetString());
    }

    /// <summary>Waits until a query of the Api waits for the lock, and ends its backend.</summary>
    private static async Task TerminateTheBlockedRecheckAsync(NpgsqlConnection locker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await ExecuteAsync(locker, """
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM sessions%'
            """) == 0)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as long? ?? 0;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Browsers' SignalR clients put the access token in the gateway URL's query; with every log category at Trace and
/// every request traced, the token appears in no log entry and no trace, while the connection still authenticates
/// with it (READY), and a query token still opens nothing but the gateway.
/// </summary>
public abstract class GatewayTokenLoggingTests(DatabaseKind database)
{
    [Fact]
    public async Task The_gateways_access_token_query_parameter_is_in_no_log_or_trace_and_still_authenticates()
    {
        var traced = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => traced.Enqueue(
                string.Join(" ", [activity.DisplayName, .. activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}")])),
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        });
        var user = await host.RegisterAsync();

        var ready = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, $"/gateway?access_token={Uri.EscapeDataString(user.AccessToken)}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build())
        {
            connection.On<JsonElement>("event", gatewayEvent => ready.TrySetResult(gatewayEvent));
            await connection.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var first = await ready.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("READY", first.GetProperty("t").GetString());
            Assert.Equal(user.Id, first.GetProperty("d").GetProperty("user").GetProperty("id").GetString());
        }

        using (var client = host.CreateClient())
        using (var rest = await client.GetAsync($"/api/users/@me?access_token={Uri.EscapeDataString(user.AccessToken)}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
        }

        // The request logs are there (so the test would see a token in them), and hold none.
        Assert.True(host.Logs.Contains("/gateway"), string.Join("\n", host.Logs.Entries));
        Assert.True(host.Logs.Contains("/api/users/@me"), string.Join("\n", host.Logs.Entries));
        var signature = user.AccessToken[(user.AccessToken.LastIndexOf('.') + 1)..];
        Assert.DoesNotContain(host.Logs.Entries, entry => entry.Contains(signature, StringComparison.Ordinal));
        Assert.Contains(traced, trace => trace.Contains("/gateway", StringComparison.Ordinal));
        Assert.DoesNotContain(traced, trace => trace.Contains(signature, StringComparison.Ordinal));
    }
}

public sealed class GatewayTokenLoggingTestsOnSqlite() : GatewayTokenLoggingTests(DatabaseKind.Sqlite);

public sealed class GatewayTokenLoggingTestsOnPostgres() : GatewayTokenLoggingTests(DatabaseKind.Postgres);

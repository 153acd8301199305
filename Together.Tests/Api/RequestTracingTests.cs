using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// A gateway connection's WebSocket request lasts as long as the connection: it is not traced (its activity holds no
/// tags for hours and no span is exported when it closes), while REST requests still are.
/// </summary>
public sealed class RequestTracingTests
{
    [Fact]
    public async Task A_gateway_websocket_request_is_not_recorded_and_a_rest_request_is()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var user = await host.RegisterAsync();

        // Other tests' hosts run in this process too: this test's requests are the ones in its own trace, which the
        // clients propagate (traceparent) from the current activity.
        using var trace = new Activity(nameof(RequestTracingTests)).Start();
        await using (await GatewayTestClient.ConnectAsync(host, user.AccessToken))
        {
        }

        using (var client = host.CreateClient())
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/@me"))
        {
            request.Headers.Authorization = new("Bearer", user.AccessToken);
            using var me = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        // SignalR marks its WebSocket request long-running (http.long_running) on the request's activity.
        var requests = await WaitForAsync(() => stopped.Where(activity => activity.TraceId == trace.TraceId).ToArray(), all =>
            all.Any(IsGateway) && all.Any(activity => Path(activity) == "/api/users/@me"));
        var gateway = Assert.Single(requests, IsGateway);
        var rest = Assert.Single(requests, activity => Path(activity) == "/api/users/@me");
        Assert.True(rest.Recorded);
        Assert.False(gateway.Recorded);
        Assert.False(gateway.IsAllDataRequested);
        Assert.Null(Path(gateway));
    }

    private static bool IsGateway(Activity activity) =>
        string.Equals(activity.GetTagItem("http.long_running")?.ToString(), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Path(Activity activity) => activity.GetTagItem("url.path") as string;

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Together.Api.Infrastructure.RateLimiting;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// The limits on what signed-in people do (DESIGN §5): messages per account and per address, the per-address
/// ceiling on authenticated REST, typing over REST and the hub together, with Discord's headers on every answer.
/// </summary>
public abstract class UserRateLimitTests(DatabaseKind database)
{
    private static readonly IPAddress Elsewhere = IPAddress.Parse("127.0.0.2");

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string channelId, int index) =>
        client.PostAsJsonAsync($"/api/channels/{channelId}/messages", new { content = $"message {index}" });

    private static HttpClient Authorized(HttpClient client, TestUser user)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.AccessToken);
        return client;
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static double Number(HttpResponseMessage response, string name) =>
        double.Parse(Header(response, name), CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_101st_message_in_a_minute_is_refused_for_the_account_from_any_address_and_an_address_has_its_own_ceiling()
    {
        Assert.Equal((100, TimeSpan.FromMinutes(1)), (new RateLimitOptions().MessagesPerUser.PermitLimit, new RateLimitOptions().MessagesPerUser.Window));
        // Long windows: on a loaded machine sending 150 messages must not outlast a window.
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["RateLimits:MessagesPerUser:PermitLimit"] = "100",
            ["RateLimits:MessagesPerUser:Window"] = "00:10:00",
            ["RateLimits:MessagesPerIp:PermitLimit"] = "150",
            ["RateLimits:MessagesPerIp:Window"] = "00:10:00",
        });
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        using var ownerClient = host.ClientFor(owner.AccessToken);
        var started = DateTimeOffset.UtcNow;

        for (var index = 1; index <= 100; index++)
        {
            using var sent = await SendAsync(ownerClient, server.TextChannelId, index);
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            Assert.Equal("messages", Header(sent, "X-RateLimit-Bucket"));
            Assert.Equal("100", Header(sent, "X-RateLimit-Limit"));
            Assert.Equal((100 - index).ToString(CultureInfo.InvariantCulture), Header(sent, "X-RateLimit-Remaining"));
            Assert.InRange(Number(sent, "X-RateLimit-Reset-After"), 1, 600);
            Assert.InRange(Number(sent, "X-RateLimit-Reset"), started.ToUnixTimeSeconds(), started.AddMinutes(10).ToUnixTimeSeconds() + 60);
        }

        using (var refused = await SendAsync(ownerClient, server.TextChannelId, 101))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.InRange(problem.GetProperty("retryAfter").GetDouble(), 0.001, 600);
            Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 600);
            Assert.Equal(("messages", "100", "0"),
                (Header(refused, "X-RateLimit-Bucket"), Header(refused, "X-RateLimit-Limit"), Header(refused, "X-RateLimit-Remaining")));
            Assert.InRange(Number(refused, "X-RateLimit-Reset-After"), 0.001, 600);
        }

        // The account's limit follows it to another address.
        using (var moved = Authorized(host.CreateClient(Elsewhere), owner))
        using (var refused = await SendAsync(moved, server.TextChannelId, 102))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        }

        // Another account is not held back by the first, until their shared address reaches its own ceiling.
        using var memberClient = host.ClientFor(member.AccessToken);
        for (var index = 1; index <= 50; index++)
        {
            using var sent = await SendAsync(memberClient, server.TextChannelId, index);
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        }

        using (var refused = await SendAsync(memberClient, server.TextChannelId, 51))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.Equal("150", Header(refused, "X-RateLimit-Limit"));
        }

        using (var elsewhere = Authorized(host.CreateClient(Elsewhere), member))
        using (var sent = await SendAsync(elsewhere, server.TextChannelId, 52))
        {
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        }

        Assert.Equal(151, await host.CountMessagesAsync(server.TextChannelId));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_address_limit_counts_the_forwarded_client_address()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Together:TrustedProxies"] = "127.0.0.1",
            ["RateLimits:MessagesPerIp:PermitLimit"] = "2",
            ["RateLimits:MessagesPerIp:Window"] = "00:10:00",
        });
        var (owner, member, server) = await host.CreateServerWithMemberAsync();

        async Task<HttpStatusCode> SendThroughProxyAsync(TestUser user, string clientAddress)
        {
            using var client = host.ClientFor(user.AccessToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/{server.TextChannelId}/messages")
            {
                Content = JsonContent.Create(new { content = "through the proxy" }),
            };
            request.Headers.Add("X-Forwarded-For", clientAddress);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, await SendThroughProxyAsync(owner, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.Created, await SendThroughProxyAsync(member, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendThroughProxyAsync(owner, "198.51.100.1"));
        // Same proxy, another client behind it: not the proxy's address that is counted.
        Assert.Equal(HttpStatusCode.Created, await SendThroughProxyAsync(member, "198.51.100.2"));
    }

    [Fact]
    public async Task Authenticated_REST_has_a_ceiling_per_address()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["RateLimits:RestPerIp:PermitLimit"] = "5",
            ["RateLimits:RestPerIp:Window"] = "00:10:00",
        });
        var user = await host.RegisterAsync();
        using var client = host.ClientFor(user.AccessToken);
        for (var call = 0; call < 5; call++)
        {
            using var allowed = await client.GetAsync("/api/users/@me");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using (var refused = await client.GetAsync("/api/users/@me"))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.Equal("requests", Header(refused, "X-RateLimit-Bucket"));
        }

        // Unauthenticated requests are not counted here (the auth routes have their own limits), nor other addresses.
        using (var anonymous = host.CreateClient())
        using (var instance = await anonymous.GetAsync("/api/instance"))
        {
            Assert.Equal(HttpStatusCode.OK, instance.StatusCode);
        }

        using var elsewhere = Authorized(host.CreateClient(Elsewhere), user);
        using var other = await elsewhere.GetAsync("/api/users/@me");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Typing_counts_REST_and_hub_calls_in_one_bucket_with_headers_on_success()
    {
        await using var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["RateLimits:TypingPerUser:PermitLimit"] = "3",
            ["RateLimits:TypingPerUser:Window"] = "00:10:00",
        });
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        using var client = host.ClientFor(owner.AccessToken);
        await using var gateway = await GatewayTestClient.ConnectAsync(host, owner.AccessToken);

        using (var typed = await client.PostAsync($"/api/channels/{server.TextChannelId}/typing", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, typed.StatusCode);
            Assert.Equal(("typing", "3", "2"),
                (Header(typed, "X-RateLimit-Bucket"), Header(typed, "X-RateLimit-Limit"), Header(typed, "X-RateLimit-Remaining")));
        }

        await gateway.InvokeAsync("StartTyping", server.TextChannelId);
        await gateway.InvokeAsync("StartTyping", server.TextChannelId);
        var error = await Assert.ThrowsAsync<HubException>(() => gateway.InvokeAsync("StartTyping", server.TextChannelId));
        Assert.Contains("rate_limited:", error.Message, StringComparison.Ordinal);
        using var refused = await client.PostAsync($"/api/channels/{server.TextChannelId}/typing", null);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(JsonValueKind.Number, problem.GetProperty("retryAfter").ValueKind);
        Assert.Equal("typing", Header(refused, "X-RateLimit-Bucket"));
    }
}

public sealed class UserRateLimitTestsOnSqlite() : UserRateLimitTests(DatabaseKind.Sqlite);

public sealed class UserRateLimitTestsOnPostgres() : UserRateLimitTests(DatabaseKind.Postgres);

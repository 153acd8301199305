using System.Net;
using System.Net.Http.Json;
using Together.Api.Features.Auth;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// Behind a trusted reverse proxy the client's address comes from <c>X-Forwarded-For</c>: it is what rate limits
/// count and sessions record. From anyone else the header is ignored, so a client cannot pick a fresh address.
/// </summary>
public abstract class ForwardedHeadersTests(DatabaseKind database)
{
    private static readonly Dictionary<string, string?> OneLoginPerAddress = new()
    {
        ["Auth:RateLimits:LoginPerIp:PermitLimit"] = "1",
        ["Auth:RateLimits:LoginPerIp:Window"] = "00:05:00",
    };

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.9.8.7, 127.0.0.0/8, ::1")]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_login_limit(string trustedProxies)
    {
        await using var host = await TogetherApiHost.StartAsync(database, With(OneLoginPerAddress, trustedProxies));
        using var client = host.CreateClient();

        using var first = await LoginFromAsync(client, "203.0.113.10");
        using var again = await LoginFromAsync(client, "203.0.113.10");
        using var other = await LoginFromAsync(client, "2001:db8::20");

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task Without_trusted_proxies_forwarded_headers_are_ignored()
    {
        await using var host = await TogetherApiHost.StartAsync(database, OneLoginPerAddress);
        using var client = host.CreateClient();

        using var first = await LoginFromAsync(client, "203.0.113.10");
        using var other = await LoginFromAsync(client, "203.0.113.11");

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        await other.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Theory]
    [InlineData("127.0.0.1", "203.0.113.10")]
    [InlineData("", "127.0.0.1")]
    [InlineData("10.0.0.0/8", "127.0.0.1")]
    public async Task Sessions_record_the_forwarded_address_only_from_a_trusted_proxy(string trustedProxies, string recorded)
    {
        await using var host = await TogetherApiHost.StartAsync(database, With([], trustedProxies));
        var user = await host.RegisterAsync();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { login = user.Username, password = user.Password }),
        };
        request.Headers.Add("X-Forwarded-For", "198.51.100.1, 203.0.113.10");
        using var login = await client.SendAsync(request);
        var signedIn = await login.ReadAsync<AuthResponse>(HttpStatusCode.OK);

        using var sessions = await host.ClientFor(signedIn.AccessToken).GetAsync("/api/auth/sessions");
        var list = await sessions.ReadAsync<List<SessionDto>>(HttpStatusCode.OK);

        Assert.Equal(recorded, list.Single(session => session.Current).IpAddress);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("10.0.0.0/33")]
    public async Task A_trusted_proxy_that_is_not_an_address_stops_startup_naming_the_key(string entry)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            TogetherApiHost.StartAsync(database, With([], $"127.0.0.1, {entry}")));

        Assert.Contains("Together:TrustedProxies", failure.Message, StringComparison.Ordinal);
        Assert.Contains(entry, failure.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> settings, string trustedProxies) =>
        new(settings) { ["Together:TrustedProxies"] = trustedProxies };

    private static Task<HttpResponseMessage> LoginFromAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { login = "nobody_here", password = "whatever it is" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}

public sealed class ForwardedHeadersTestsOnSqlite() : ForwardedHeadersTests(DatabaseKind.Sqlite);

public sealed class ForwardedHeadersTestsOnPostgres() : ForwardedHeadersTests(DatabaseKind.Postgres);

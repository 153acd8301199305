using System.Net;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Every response of the merged process, whatever serves it, carries the security headers.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("together-web-").FullName;
    private TogetherApiHost? _host;

    private TogetherApiHost Host => _host!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "index.html"), "<!doctype html><title>Together</title>");
        _host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["Together:WebRoot"] = _webRoot,
            ["Together:TrustedProxies"] = "127.0.0.1",
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_webRoot, recursive: true);
    }

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/channels/1/2", HttpStatusCode.OK)]
    [InlineData("/api/users/@me", HttpStatusCode.Unauthorized)]
    [InlineData("/api/unknown", HttpStatusCode.NotFound)]
    [InlineData("/gateway", HttpStatusCode.Unauthorized)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/metrics", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    public async Task Every_response_carries_the_security_headers_and_the_client_policy(string path, HttpStatusCode status)
    {
        using var client = Host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' ws://{Host.BaseAddress.Authority} wss://{Host.BaseAddress.Authority}", policy, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain http");
    }

    [Fact]
    public async Task The_api_reference_gets_the_looser_policy_its_inline_boot_script_needs()
    {
        using var client = Host.CreateClient();

        using var response = await client.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self' 'unsafe-inline'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task Hsts_is_sent_only_when_the_client_came_over_https()
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var overHttps = await client.SendAsync(request);

        Assert.Equal("max-age=31536000", Header(overHttps, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task An_untrusted_sender_cannot_claim_https()
    {
        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(", ", contentValues)
        : throw new Xunit.Sdk.XunitException($"No {name} header on {response.RequestMessage?.RequestUri}");
}

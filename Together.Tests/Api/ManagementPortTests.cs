using System.Net;
using System.Text.Json;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// With <c>Together:ManagementUrls</c>, scrapes and health details live on their own port; the public port keeps a
/// bare <c>/health</c> for load balancers. Without it, everything stays on the public port.
/// </summary>
public abstract class ManagementPortTests(DatabaseKind database)
{
    [Fact]
    public async Task Metrics_and_health_details_are_served_only_on_the_management_port()
    {
        var (host, managementPort) = await StartWithManagementPortAsync();
        await using var _ = host;
        using var publicClient = host.CreateClient();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };

        using var publicMetrics = await publicClient.GetAsync("/metrics");
        using var publicHealth = await publicClient.GetAsync("/health");
        using var publicAlive = await publicClient.GetAsync("/alive");
        using var managementMetrics = await management.GetAsync("/metrics");
        using var managementHealth = await management.GetAsync("/health");

        Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, publicHealth.StatusCode);
        Assert.Equal("Healthy", await publicHealth.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, publicAlive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, managementMetrics.StatusCode);
        Assert.Contains("# TYPE", await managementMetrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, managementHealth.StatusCode);
        using var details = JsonDocument.Parse(await managementHealth.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", details.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", details.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_public_request_naming_the_management_port_in_its_host_header_gets_nothing()
    {
        var (host, managementPort) = await StartWithManagementPortAsync();
        await using var _ = host;
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = $"127.0.0.1:{managementPort}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Without_management_urls_metrics_and_health_stay_on_the_public_port()
    {
        await using var host = await TogetherApiHost.StartAsync(database);
        using var client = host.CreateClient();

        using var metrics = await client.GetAsync("/metrics");
        using var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("not a url")]
    public async Task A_management_url_without_a_usable_port_stops_startup_naming_the_key(string url)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TogetherApiHost.StartAsync(database,
            new Dictionary<string, string?> { ["Together:ManagementUrls"] = url }));

        Assert.Contains("Together:ManagementUrls", failure.Message, StringComparison.Ordinal);
    }

    private async Task<(TogetherApiHost Host, int ManagementPort)> StartWithManagementPortAsync()
    {
        var managementPort = FreePorts.Tcp();
        var host = await TogetherApiHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["Together:ManagementUrls"] = $"http://127.0.0.1:{managementPort}",
        });
        return (host, managementPort);
    }
}

public sealed class ManagementPortTestsOnSqlite() : ManagementPortTests(DatabaseKind.Sqlite);

public sealed class ManagementPortTestsOnPostgres() : ManagementPortTests(DatabaseKind.Postgres);

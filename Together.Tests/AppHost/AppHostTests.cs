using System.Data.Common;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Together.ServiceDefaults;

namespace Together.Tests.AppHost;

public sealed class AppHostTests(AppHostFixture fixture) : IClassFixture<AppHostFixture>
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Api_answers_health_through_service_discovery()
    {
        using var client = CreateClient(ResourceNames.Api);

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_references_the_hosts_postgresql_database()
    {
        var api = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Single(resource => resource.Name == ResourceNames.Api);
        var connectionString = new DbConnectionStringBuilder
        {
            ConnectionString = await fixture.App.GetConnectionStringAsync(ResourceNames.Database),
        };

        Assert.Contains(
            api.Annotations.OfType<ResourceRelationshipAnnotation>(),
            relationship => relationship.Resource.Name == ResourceNames.Database);
        Assert.Equal("127.0.0.1", connectionString["Host"]);
        Assert.Equal(ResourceNames.Database, connectionString["Database"]);
    }

    [Theory]
    [InlineData(ResourceNames.Web)]
    [InlineData(ResourceNames.MediaNode)]
    public async Task Service_answers_health(string resource)
    {
        using var client = CreateClient(resource);

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Web_edge_forwards_api_routes_to_the_api()
    {
        using var client = CreateClient(ResourceNames.Web);

        using var document = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var negotiate = await client.PostAsync(new Uri("/gateway/negotiate?negotiateVersion=1", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"openapi\"", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The hub demands a token: a 401 can only come from the Api, the edge itself would answer 404.
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/channels/1/2")]
    public async Task Web_edge_serves_the_web_client(string path)
    {
        using var client = CreateClient(ResourceNames.Web);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Together</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private HttpClient CreateClient(string resource)
    {
        var client = fixture.App.CreateHttpClient(resource);
        client.Timeout = RequestTimeout;
        return client;
    }
}

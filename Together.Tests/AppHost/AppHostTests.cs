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

    private HttpClient CreateClient(string resource)
    {
        var client = fixture.App.CreateHttpClient(resource);
        client.Timeout = RequestTimeout;
        return client;
    }
}

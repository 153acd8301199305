using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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

    [Fact]
    public async Task A_person_registers_creates_a_server_and_sends_a_message_through_the_edge_on_postgresql()
    {
        using var client = CreateClient(ResourceNames.Web);
        var username = $"apphost_{Guid.NewGuid():N}"[..24];

        using var registered = await client.PostAsJsonAsync(new Uri("/api/auth/register", UriKind.Relative),
            new { username, password = "a long and uncommon passphrase" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var token = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var created = await client.PostAsJsonAsync(new Uri("/api/servers", UriKind.Relative), new { name = "Under the AppHost" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var server = await created.Content.ReadFromJsonAsync<JsonElement>();
        var general = server.GetProperty("channels").EnumerateArray()
            .Single(channel => channel.GetProperty("type").GetString() == "text").GetProperty("id").GetString();
        using var sent = await client.PostAsJsonAsync(new Uri($"/api/channels/{general}/messages", UriKind.Relative), new { content = "hello" });
        using var history = await client.GetAsync(new Uri($"/api/channels/{general}/messages", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.Equal("hello", (await history.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_person_joins_voice_through_the_edge_on_the_separate_node_and_the_api_hears_of_it()
    {
        using var client = CreateClient(ResourceNames.Web);
        var username = $"voice_{Guid.NewGuid():N}"[..24];
        using var registered = await client.PostAsJsonAsync(new Uri("/api/auth/register", UriKind.Relative),
            new { username, password = "a long and uncommon passphrase" });
        var token = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await client.PostAsJsonAsync(new Uri("/api/servers", UriKind.Relative), new { name = "Voice under the AppHost" });
        var voice = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("channels").EnumerateArray()
            .Single(channel => channel.GetProperty("type").GetString() == "voice").GetProperty("id").GetString();

        using var joined = await client.PostAsync(new Uri($"/api/channels/{voice}/voice/join", UriKind.Relative), null);
        var join = await joined.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Contains(join.GetProperty("iceServers").EnumerateArray().SelectMany(server => server.GetProperty("urls").EnumerateArray()),
            url => url.GetString()!.StartsWith("turn:127.0.0.1:", StringComparison.Ordinal));
        var signaling = new UriBuilder(new Uri(client.BaseAddress!, join.GetProperty("signalingUrl").GetString())) { Scheme = "ws" }.Uri;
        var (participant, failure) = await Together.MediaNode.Probe.ProbeParticipant.JoinAsync(
            signaling, join.GetProperty("token").GetString()!, new Together.MediaNode.Probe.ProbeLatencyBook(), TimeProvider.System,
            TimeSpan.FromSeconds(20), false, CancellationToken.None);
        Assert.True(participant is not null, $"could not join the media node through the edge: {failure}");
        await using var inVoice = participant;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using var gateway = await Together.Tests.Infrastructure.GatewayTestClient.ConnectAsync(client.BaseAddress!, token);
            if (gateway.Ready.GetProperty("d").GetProperty("voiceStates").GetArrayLength() == 1)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the Api never heard of the join from the separate node");
            await Task.Delay(500);
        }
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

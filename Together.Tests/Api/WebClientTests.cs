using System.Net;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>The merged host serves a built web client, with index.html for client routes and never for /api.</summary>
public sealed class WebClientTests : IAsyncLifetime
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("together-web-").FullName;
    private TogetherApiHost? _host;

    private TogetherApiHost Host => _host!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "index.html"), "<!doctype html><title>Together</title>");
        Directory.CreateDirectory(Path.Combine(_webRoot, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "assets", "app.js"), "console.log('together');");
        _host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Together:WebRoot"] = _webRoot });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_webRoot, recursive: true);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/channels/123/456")]
    [InlineData("/login")]
    public async Task Client_routes_get_the_client(string path)
    {
        using var client = Host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Together</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_files_are_served_and_missing_ones_are_404()
    {
        using var client = Host.CreateClient();

        using var script = await client.GetAsync("/assets/app.js");
        using var missing = await client.GetAsync("/assets/missing.js");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("/api/unknown")]
    [InlineData("/api")]
    [InlineData("/gateway/unknown")]
    [InlineData("/media/unknown")]
    public async Task Api_paths_never_fall_back_to_the_client(string path)
    {
        using var client = Host.CreateClient();

        using var response = await client.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

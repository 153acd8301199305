using System.Text.Json;
using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>The installable app: manifest and icons, a service worker that caches the shell, the offline screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PwaTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private TogetherApiHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Together:WebRoot"] = RepositoryFolders.WebClient });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_manifest_names_the_app_and_its_icons_exist()
    {
        using var client = _host.CreateClient();

        using var manifest = JsonDocument.Parse(await client.GetStringAsync("/manifest.webmanifest"));

        Assert.Equal("Together", manifest.RootElement.GetProperty("name").GetString());
        Assert.Equal("standalone", manifest.RootElement.GetProperty("display").GetString());
        var icons = manifest.RootElement.GetProperty("icons").EnumerateArray().ToList();
        Assert.Contains(icons, icon => icon.GetProperty("sizes").GetString() == "512x512" && icon.TryGetProperty("purpose", out var purpose) && purpose.GetString() == "maskable");
        foreach (var icon in icons)
        {
            using var response = await client.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Offline_the_cached_shell_opens_and_says_the_server_is_unreachable()
    {
        var user = await _host.RegisterAsync();
        await using var client = await ClientPage.OpenAsync(chromium.Browser, _host, path: "/login");
        await client.SignInAsync(user.Username, user.Password);
        await client.ExpectPathAsync("/channels/@me");
        await client.Page.EvaluateAsync("async () => { await navigator.serviceWorker.ready; }");
        await client.Page.ReloadAsync();
        Assert.True(await client.Page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null"), "the service worker controls the page");

        await client.Page.Context.SetOfflineAsync(true);
        await client.Page.ReloadAsync();

        await Assertions.Expect(client.Page.GetByRole(AriaRole.Heading, new() { Name = "You're offline" })).ToBeVisibleAsync();
        await client.ScreenshotForDocsAsync("offline");

        // Back online, the app retries by itself (the browser's online event) and the session is still there.
        await client.Page.Context.SetOfflineAsync(false);
        await client.ExpectSignedInAsAsync(user.Username);
        client.AssertNoPageErrors();
    }
}

using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// A real merged server on SQLite serving the built client, and the browser contexts a test opens on it (closed
/// with the server).
/// </summary>
public abstract class WebClientTest(ChromiumFixture chromium) : IAsyncLifetime
{
    protected const string Password = ApiTestExtensions.DefaultPassword;

    private readonly List<ClientPage> _pages = [];

    protected TogetherApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Together:WebRoot"] = RepositoryFolders.WebClient });

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }

        await Host.DisposeAsync();
    }

    /// <summary>A server with an owner and a member, each signed in to its #general in a browser context of their own.</summary>
    protected async Task<(TestUser Owner, TestUser Member, TestServer Server, ClientPage OwnerPage, ClientPage MemberPage)> OpenServerWithMemberAsync()
    {
        await Host.RegisterAsync(); // the instance's administrator, so both are ordinary users
        var (owner, member, server) = await Host.CreateServerWithMemberAsync();
        var path = $"/login?next=/channels/{server.Id}/{server.TextChannelId}";
        var ownerPage = await OpenAsync(path);
        await ownerPage.SignInAsync(owner.Username, owner.Password);
        var memberPage = await OpenAsync(path);
        await memberPage.SignInAsync(member.Username, member.Password);
        return (owner, member, server, ownerPage, memberPage);
    }

    protected async Task<ClientPage> OpenAsync(string path = "/", BrowserNewContextOptions? options = null)
    {
        var page = await ClientPage.OpenAsync(chromium.Browser, Host, options, path);
        _pages.Add(page);
        return page;
    }
}

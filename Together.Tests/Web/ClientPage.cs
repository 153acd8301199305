using Microsoft.Playwright;
using Together.Tests.Infrastructure;

namespace Together.Tests.Web;

/// <summary>
/// The built web client in a fresh browser context (its own storage, as another browser would have), with what a
/// person does on it named as methods. <see cref="AssertNoPageErrors"/> fails on uncaught errors and CSP violations.
/// </summary>
public sealed class ClientPage : IAsyncDisposable
{
    public static readonly BrowserNewContextOptions Desktop = new() { ViewportSize = new() { Width = 1366, Height = 800 }, ColorScheme = ColorScheme.Dark };

    public static readonly BrowserNewContextOptions Phone = new()
    {
        ViewportSize = new() { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 2,
    };

    private readonly IBrowserContext _context;
    private readonly List<string> _pageErrors = [];

    private ClientPage(IBrowserContext context, IPage page, Uri baseAddress)
    {
        _context = context;
        Page = page;
        BaseAddress = baseAddress;
        page.PageError += (_, error) => _pageErrors.Add(error);
        // The merged host's Content-Security-Policy allows no inline script or style: a violation is an error too.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _pageErrors.Add(message.Text);
            }
        };
    }

    public IPage Page { get; }

    public Uri BaseAddress { get; }

    public static async Task<ClientPage> OpenAsync(IBrowser browser, TogetherApiHost host, BrowserNewContextOptions? options = null, string path = "/")
    {
        var context = await browser.NewContextAsync(options ?? Desktop);
        context.SetDefaultTimeout(15_000);
        var client = new ClientPage(context, await context.NewPageAsync(), host.BaseAddress);
        await client.GoToAsync(path);
        return client;
    }

    public async Task GoToAsync(string path) => await Page.GotoAsync(new Uri(BaseAddress, path).ToString());

    public async Task ExpectPathAsync(string path) =>
        await Assertions.Expect(Page).ToHaveURLAsync(new Uri(BaseAddress, path).ToString());

    public ILocator Field(string label) => Page.GetByLabel(label, new() { Exact = true });

    /// <summary>A message in the open channel's list, by its text.</summary>
    public ILocator Message(string text) =>
        Page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article).Filter(new() { HasText = text });

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public async Task FillAccountAsync(string username, string password, string? displayName = null)
    {
        await Field("Username").FillAsync(username);
        if (displayName is not null)
        {
            await Field("Display name").FillAsync(displayName);
        }

        await Field("Password").FillAsync(password);
    }

    public async Task SignInAsync(string login, string password)
    {
        await Field("Username or email").FillAsync(login);
        await Field("Password").FillAsync(password);
        await Button("Sign in").ClickAsync();
    }

    /// <summary>The signed-in shell, showing the user panel with this name.</summary>
    public async Task ExpectSignedInAsAsync(string name) =>
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new($"^{System.Text.RegularExpressions.Regex.Escape(name)}, ") }))
            .ToBeVisibleAsync();

    /// <summary>
    /// Saves a screenshot for the README when UPDATE_SCREENSHOTS=1 (docs/screenshots), in the dark theme and, as
    /// <c>{name}-light.png</c>, in the light one (set as the client's own start-up script sets it).
    /// </summary>
    public async Task ScreenshotForDocsAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") != "1")
        {
            return;
        }

        var folder = Path.Combine(RepositoryFolders.Root, "docs", "screenshots");
        // Transitions finished: the theme switch below would otherwise be caught halfway (dark rail buttons in light).
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), Animations = ScreenshotAnimations.Disabled });
        var theme = await Page.EvaluateAsync<string>("() => document.documentElement.dataset.theme");
        await Page.EvaluateAsync("() => { document.documentElement.dataset.theme = 'light'; }");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-light.png"), Animations = ScreenshotAnimations.Disabled });
        await Page.EvaluateAsync("theme => { document.documentElement.dataset.theme = theme; }", theme);
    }

    public void AssertNoPageErrors() => Assert.Empty(_pageErrors);

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

/// <summary>Where the repository's folders are, found from the test's output folder.</summary>
public static class RepositoryFolders
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built client (Together.Web/wwwroot), which every build of the solution produces.</summary>
    public static string WebClient
    {
        get
        {
            var folder = Path.Combine(Root, "Together.Web", "wwwroot");
            return File.Exists(Path.Combine(folder, "index.html"))
                ? folder
                : throw new InvalidOperationException(
                    $"The web client is not built in {folder}: build without -p:SkipWebClientBuild=true (it needs Node.js and npm).");
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Together.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Together.sln above {AppContext.BaseDirectory}.");
    }
}

using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Api;

/// <summary>
/// The policy as Chromium enforces it: a same-origin client may call the API and open the gateway's WebSocket but
/// not run inline script, and the API reference page still renders.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private const string RecordViolations = """
        window.violations = [];
        document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    private readonly string _webRoot = Directory.CreateTempSubdirectory("together-web-").FullName;
    private TogetherApiHost? _host;
    private IBrowserContext? _context;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "index.html"), """
            <!doctype html><title>Together</title>
            <script>window.inlineRan = true;</script>
            <script src="/app.js"></script>
            """);
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "app.js"), """
            window.apiStatus = fetch('/api/users/@me').then(r => r.status);
            window.socketOutcome = new Promise(resolve => {
              const socket = new WebSocket(`ws://${location.host}/gateway`);
              socket.onopen = () => resolve('open');
              socket.onerror = () => resolve('refused by the server');
            });
            """);
        _host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Together:WebRoot"] = _webRoot });
        _context = await chromium.Browser.NewContextAsync();
        await _context.AddInitScriptAsync(RecordViolations);
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Directory.Delete(_webRoot, recursive: true);
    }

    [Fact]
    public async Task The_client_reaches_the_api_and_gateway_but_inline_script_is_blocked()
    {
        var page = await _context!.NewPageAsync();

        await page.GotoAsync(new Uri(_host!.BaseAddress, "/").ToString());
        var apiStatus = await page.EvaluateAsync<int>("() => window.apiStatus");
        var socket = await page.EvaluateAsync<string>("() => window.socketOutcome");
        var inlineRan = await page.EvaluateAsync<bool>("() => window.inlineRan === true");
        var violations = await page.EvaluateAsync<string[]>("() => window.violations");

        Assert.Equal(401, apiStatus);
        Assert.Equal("refused by the server", socket);
        Assert.False(inlineRan);
        Assert.Equal(["script-src-elem inline"], violations);
    }

    [Fact]
    public async Task The_api_reference_renders_without_violations()
    {
        var page = await _context!.NewPageAsync();

        await page.GotoAsync(new Uri(_host!.BaseAddress, "/scalar").ToString());
        await page.GetByText("Together API").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var violations = await page.EvaluateAsync<string[]>("() => window.violations");

        Assert.Empty(violations);
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Together.Tests.Media.Integration;

namespace Together.Tests.Media.Browser;

/// <summary>
/// The issue's "done when": Chromium pages talking through the node started the way an operator starts it
/// (its own process, configured by environment), with the test page served from a separate origin.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StandaloneNodeBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private StandaloneMediaNode _node = null!;
    private WebApplication _pages = null!;
    private Uri _pageUrl = null!;

    public async Task InitializeAsync()
    {
        _node = await StandaloneMediaNode.StartAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _pages = builder.Build();
        TestPages.Map(_pages);
        await _pages.StartAsync();
        var address = _pages.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _pageUrl = new Uri(new Uri(address), TestPages.VoiceTestPath);
    }

    public async Task DisposeAsync()
    {
        await _pages.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task The_node_says_where_it_listens_and_serves_health_and_metrics()
    {
        using var http = new HttpClient { BaseAddress = _node.HttpBase };

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Matches($@"media UDP \S+:{_node.UdpPort},", _node.Output);
        Assert.Matches($@"ICE-TCP \S+:{_node.TcpPort},", _node.Output);
        Assert.Contains("announced address 127.0.0.1", _node.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        Assert.Contains("together_media_rooms", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_then_three_pages_talk_through_the_standalone_node()
    {
        await using var alice = await VoicePage.OpenAsync(chromium.Browser, _pageUrl, "alice");
        await using var bob = await VoicePage.OpenAsync(chromium.Browser, _pageUrl, "bob");
        await alice.JoinAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "lobby")), 440);
        await bob.JoinAsync(_node.SignalingUri(_node.Tokens.Issue("bob", "lobby")), 660);

        Assert.Equal(0, (await alice.WaitForAudioFromAsync("bob", 100)).PacketsLost);
        Assert.Equal(0, (await bob.WaitForAudioFromAsync("alice", 100)).PacketsLost);

        await using var carol = await VoicePage.OpenAsync(chromium.Browser, _pageUrl, "carol");
        await carol.JoinAsync(_node.SignalingUri(_node.Tokens.Issue("carol", "lobby")), 880);
        Assert.Equal(0, (await alice.WaitForAudioFromAsync("carol", 50)).PacketsLost);
        Assert.Equal(0, (await bob.WaitForAudioFromAsync("carol", 50)).PacketsLost);
        await carol.WaitForAudioFromAsync("alice", 50);
        await carol.WaitForAudioFromAsync("bob", 50);

        using var http = new HttpClient { BaseAddress = _node.HttpBase };
        http.DefaultRequestHeaders.Add("X-Media-Control-Key", StandaloneMediaNode.ControlKey);
        var rooms = await http.GetStringAsync(new Uri("/media/control/rooms/lobby", UriKind.Relative));
        Assert.Contains("\"carol\"", rooms, StringComparison.Ordinal);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Api.Voice;

/// <summary>
/// Headless Chromium pages talking through the merged server: each user's REST join (token, signalling URL, ICE
/// servers), then the page opens the signalling URL and sends a tone; every page must receive the others' audio
/// (getStats inbound-rtp packets and level). The pages come from a little page host of their own (a WebSocket needs no
/// CORS), so the Api is exactly what users run.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MergedBrowserVoiceTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private WebApplication _pages = null!;
    private Uri _pageUrl = null!;
    private readonly List<VoicePage> _open = [];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _pages = builder.Build();
        TestPages.Map(_pages);
        await _pages.StartAsync();
        var address = _pages.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _pageUrl = new Uri(new Uri(address), TestPages.VoiceTestPath);
    }

    public async Task DisposeAsync()
    {
        await ClosePagesAsync();
        await _pages.DisposeAsync();
    }

    /// <summary>Pages hold signalling WebSockets open: closed before the Api stops, which would otherwise wait on them.</summary>
    private async Task ClosePagesAsync()
    {
        foreach (var page in _open)
        {
            await page.DisposeAsync();
        }

        _open.Clear();
    }

    [Fact]
    public async Task Two_then_three_people_hear_each_other_and_the_gateway_shows_who_is_in_and_speaking()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var (owner, member, server) = await api.CreateServerWithMemberAsync();
        var third = await api.RegisterAsync();
        await api.JoinAsync(server, third);
        await using var watcher = await GatewayTestClient.ConnectAsync(api, owner.AccessToken);

        var alice = await JoinAsync(api, owner, server, 440);
        var bob = await JoinAsync(api, member, server, 660);
        Assert.Equal(0, (await alice.WaitForAudioFromAsync(member.Id, 100)).PacketsLost);
        Assert.Equal(0, (await bob.WaitForAudioFromAsync(owner.Id, 100)).PacketsLost);

        var carol = await JoinAsync(api, third, server, 880);
        await alice.WaitForAudioFromAsync(third.Id, 50);
        await bob.WaitForAudioFromAsync(third.Id, 50);
        await carol.WaitForAudioFromAsync(owner.Id, 50);
        await carol.WaitForAudioFromAsync(member.Id, 50);

        Assert.Equal(server.VoiceChannelId, (await watcher.VoiceStateAsync(third, state => state.ChannelOf() is not null)).ChannelOf());
        Assert.True((await watcher.VoiceStateAsync(third, state => state.Flag("speaking"))).Flag("speaking"));
        Assert.Equal("host", await bob.SelectedLocalCandidateTypeAsync());
        await ClosePagesAsync();
    }

    [Fact]
    public async Task Relay_only_pages_hear_each_other_through_a_real_coturn_with_the_credentials_the_join_hands_out()
    {
        await using var turn = await CoturnServer.StartAsync();
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["Turn:Urls"] = turn.Url,
            ["Turn:SharedSecret"] = turn.SharedSecret,
        });
        var (owner, member, server) = await api.CreateServerWithMemberAsync();

        var alice = await JoinAsync(api, owner, server, 440, relayOnly: true);
        var bob = await JoinAsync(api, member, server, 660, relayOnly: true);

        await alice.WaitForAudioFromAsync(member.Id, 100, TimeSpan.FromSeconds(30));
        await bob.WaitForAudioFromAsync(owner.Id, 100, TimeSpan.FromSeconds(30));
        Assert.Equal("relay", await alice.SelectedLocalCandidateTypeAsync());
        Assert.Equal("relay", await bob.SelectedLocalCandidateTypeAsync());
        await ClosePagesAsync();
    }

    private async Task<VoicePage> JoinAsync(TogetherApiHost api, TestUser user, TestServer server, int toneHz, bool relayOnly = false)
    {
        var join = await api.JoinVoiceAsync(user, server.VoiceChannelId);
        var signaling = new UriBuilder(new Uri(api.BaseAddress, join.SignalingUrl)) { Scheme = "ws", Query = $"token={join.Token}" }.Uri;
        var page = await VoicePage.OpenAsync(chromium.Browser, _pageUrl, user.Id);
        _open.Add(page);
        var iceServers = join.IceServers.Select(server => server.Username is null
            ? (object)new { urls = server.Urls }
            : new { urls = server.Urls, username = server.Username, credential = server.Credential }).ToArray();
        await page.JoinAsync(signaling, toneHz, relayOnly
            ? new { iceServers, iceTransportPolicy = "relay" }
            : new { iceServers });
        return page;
    }
}

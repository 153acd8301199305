using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Together.Tests.Media.Browser;

/// <summary>
/// Real Chromium pages talking through a real media node on loopback: the interop truth for ICE-lite, DTLS-SRTP,
/// SDP renegotiation and forwarding.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserVoiceTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private MediaNodeTestHost _node = null!;
    private readonly List<VoicePage> _pages = [];

    public async Task InitializeAsync() => _node = await MediaNodeTestHost.StartAsync(map: TestPages.Map);

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }

        await _node.DisposeAsync();
    }

    private async Task<VoicePage> JoinAsync(string userId, int toneHz, string room = "voice-1")
    {
        var page = await VoicePage.OpenAsync(chromium.Browser, new Uri(_node.HttpBase, TestPages.VoiceTestPath), userId);
        _pages.Add(page);
        await page.JoinAsync(_node.SignalingUri(_node.Tokens.Issue(userId, room)), toneHz);
        return page;
    }

    [Fact]
    public async Task Two_pages_in_one_room_each_hear_the_other()
    {
        var alice = await JoinAsync("alice", 440);
        var bob = await JoinAsync("bob", 660);

        var bobHeard = await alice.WaitForAudioFromAsync("bob", 100);
        var aliceHeard = await bob.WaitForAudioFromAsync("alice", 100);

        Assert.Equal(0, bobHeard.PacketsLost);
        Assert.Equal(0, aliceHeard.PacketsLost);
        Assert.True(bobHeard.AudioLevel > VoicePage.AudibleLevel, $"bob's level at alice: {bobHeard.AudioLevel}");
        Assert.True(aliceHeard.AudioLevel > VoicePage.AudibleLevel, $"alice's level at bob: {aliceHeard.AudioLevel}");
    }

    [Fact]
    public async Task Rtcp_and_audio_levels_flow_both_ways_between_the_browser_and_the_node()
    {
        var alice = await JoinAsync("alice", 440);
        var bob = await JoinAsync("bob", 660);
        await alice.WaitForAudioFromAsync("bob", 50);
        await bob.WaitForAudioFromAsync("alice", 50);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string remoteInbound;
        while (!HasPositive(remoteInbound = await alice.RemoteInboundAsync(), "roundTripTime"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no RTT from the node's receiver reports at alice: {remoteInbound}");
            await Task.Delay(250);
        }

        Assert.True(await bob.IsSpeakingAsync("alice"), "bob was not told that alice speaks (RFC 6464 level of her tone)");
        using var control = _node.CreateControlClient();
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string room;
        while (!AllHavePositiveRtt(room = await control.GetStringAsync(new Uri("/media/control/rooms/voice-1", UriKind.Relative))))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no RTT from the browsers' receiver reports at the node: {room}");
            await Task.Delay(250);
        }
    }

    private static bool HasPositive(string json, string property) =>
        JsonDocument.Parse(json).RootElement is { ValueKind: JsonValueKind.Object } root
        && root.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.Number
        && value.GetDouble() > 0;

    private static bool AllHavePositiveRtt(string roomJson) =>
        JsonDocument.Parse(roomJson).RootElement.GetProperty("participants").EnumerateArray()
            .All(p => p.GetProperty("roundTripMilliseconds") is { ValueKind: JsonValueKind.Number } rtt && rtt.GetDouble() > 0);

    [Fact]
    public async Task A_third_speaker_joining_mid_call_is_heard_by_both()
    {
        var alice = await JoinAsync("alice", 440);
        var bob = await JoinAsync("bob", 660);
        await alice.WaitForAudioFromAsync("bob", 50);
        await bob.WaitForAudioFromAsync("alice", 50);

        var carol = await JoinAsync("carol", 880);

        var atAlice = await alice.WaitForAudioFromAsync("carol", 50);
        var atBob = await bob.WaitForAudioFromAsync("carol", 50);
        await carol.WaitForAudioFromAsync("alice", 50);
        await carol.WaitForAudioFromAsync("bob", 50);
        Assert.Equal(0, atAlice.PacketsLost);
        Assert.Equal(0, atBob.PacketsLost);
        var bobAtAlice = await alice.WaitForAudioFromAsync("bob", 150);
        Assert.Equal(0, bobAtAlice.PacketsLost);
    }

    [Fact]
    public async Task Pages_that_offer_again_mid_call_keep_hearing_and_being_heard_without_loss()
    {
        var alice = await JoinAsync("alice", 440);
        var bob = await JoinAsync("bob", 660);
        var bobBefore = await alice.WaitForAudioFromAsync("bob", 50);
        var aliceBefore = await bob.WaitForAudioFromAsync("alice", 50);

        Assert.Equal("answer", await alice.RenegotiateAsync(restartIce: false));
        Assert.Equal("answer", await bob.RenegotiateAsync(restartIce: false));
        Assert.Equal("ice_restart_unsupported", await alice.RenegotiateAsync(restartIce: true));

        var bobAfter = await alice.WaitForAudioFromAsync("bob", bobBefore.PacketsReceived + 150);
        var aliceAfter = await bob.WaitForAudioFromAsync("alice", aliceBefore.PacketsReceived + 150);
        Assert.Equal((bobBefore.Mid, 0L), (bobAfter.Mid, bobAfter.PacketsLost));
        Assert.Equal((aliceBefore.Mid, 0L), (aliceAfter.Mid, aliceAfter.PacketsLost));
        Assert.Equal("stable", await alice.SignalingStateAsync());
        Assert.DoesNotContain("\"client\"", await alice.ErrorsAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"client\"", await bob.ErrorsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Muting_stops_forwarding_and_unmuting_resumes_without_loss()
    {
        var alice = await JoinAsync("alice", 440);
        var bob = await JoinAsync("bob", 660);
        await bob.WaitForAudioFromAsync("alice", 50);

        await alice.MuteAsync(true);
        await Task.Delay(500);
        var atMute = await bob.PacketsFromAsync("alice");
        await Task.Delay(1500);
        var whileMuted = await bob.PacketsFromAsync("alice") - atMute;

        await alice.MuteAsync(false);
        var resumed = await bob.WaitForAudioFromAsync("alice", atMute + whileMuted + 50);

        Assert.True(whileMuted <= 2, $"{whileMuted} packets of a muted speaker arrived");
        Assert.Equal(0, resumed.PacketsLost);
    }

    [Fact]
    public async Task Deafening_stops_delivery_to_the_deafened_page_only()
    {
        var alice = await JoinAsync("alice", 440);
        var bob = await JoinAsync("bob", 660);
        await bob.WaitForAudioFromAsync("alice", 50);
        await alice.WaitForAudioFromAsync("bob", 50);

        await bob.DeafenAsync(true);
        await Task.Delay(500);
        var atDeafen = await bob.PacketsFromAsync("alice");
        var aliceBefore = await alice.PacketsFromAsync("bob");
        await Task.Delay(1500);

        Assert.True(await bob.PacketsFromAsync("alice") - atDeafen <= 2, "a deafened page kept receiving");
        Assert.True(await alice.PacketsFromAsync("bob") - aliceBefore >= 50, "the deafened page's own voice stopped");
    }

    [Fact]
    public async Task A_page_that_leaves_disappears_from_the_others_participants()
    {
        var alice = await JoinAsync("alice", 440);
        var bob = await JoinAsync("bob", 660);
        await alice.WaitForAudioFromAsync("bob", 20);

        await bob.LeaveAsync();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await alice.InboundAsync()).ContainsKey("bob"))
        {
            Assert.True(DateTime.UtcNow < deadline, "bob is still listed at alice after leaving");
            await Task.Delay(200);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}

/// <summary>Serves the test voice client from the test's output folder.</summary>
public static class TestPages
{
    public const string VoiceTestPath = "/test/voice-test.html";

    public static void Map(WebApplication app) =>
        app.MapGet("/test/{file}", (string file) =>
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "Media", "Browser", "wwwroot");
            var path = Path.GetFullPath(Path.Combine(folder, file));
            if (!path.StartsWith(folder, StringComparison.Ordinal) || !File.Exists(path))
            {
                return Results.NotFound();
            }

            var type = path.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html";
            return Results.File(path, type);
        });
}

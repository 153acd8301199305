using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// Two people in two browser contexts join a voice channel through the web client of a real merged server (its own
/// media node, Chromium's fake microphone): each is listed under the channel in the other's sidebar, audio arrives
/// (getStats inbound bytes, and the speaking ring lit by the other's fake microphone), self mute and a moderator's
/// server mute show in the other's list, a dropped signalling socket rejoins by itself, and leaving removes them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class VoiceCallTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    /// <summary>
    /// Test instrumentation, not the client's: keeps the page's peer connections and WebSockets reachable, so the
    /// test can read getStats and cut the signalling socket as a network drop would.
    /// </summary>
    private const string Instrument = """
        window.__peers = []; window.__sockets = [];
        const Peer = window.RTCPeerConnection;
        window.RTCPeerConnection = class extends Peer { constructor(...args) { super(...args); window.__peers.push(this); } };
        const Socket = window.WebSocket;
        window.WebSocket = class extends Socket { constructor(...args) { super(...args); window.__sockets.push(this); } };
        """;

    private const string InboundAudioBytes = """
        async () => {
          const peer = window.__peers.filter(p => p.connectionState === 'connected').at(-1);
          if (!peer) return 0;
          let bytes = 0;
          (await peer.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'audio') bytes += r.bytesReceived ?? 0; });
          return bytes;
        }
        """;

    private static ILocator VoiceChannel(ClientPage client) =>
        client.Page.GetByRole(AriaRole.Link, new() { Name = "General (voice channel)", Exact = true });

    /// <summary>A participant's row under the voice channel; its accessible name lists speaking, muted, deafened.</summary>
    private static ILocator Participant(ClientPage client, string name) =>
        client.Page.GetByRole(AriaRole.List, new() { Name = "In the channel" })
            .GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^{Regex.Escape(name)}(,|$)") });

    private static ILocator CallStatus(ClientPage client) =>
        client.Page.GetByRole(AriaRole.Region, new() { Name = "Voice call" }).GetByRole(AriaRole.Status);

    private async Task<TestUser> RegisterAsync(string displayName)
    {
        var user = await Host.RegisterAsync();
        using var api = Host.ClientFor(user.AccessToken);
        (await api.PatchAsJsonAsync("/api/users/@me", new { displayName })).EnsureSuccessStatusCode();
        return user;
    }

    private async Task<ClientPage> SignInAsync(TestUser user, TestServer server, string displayName)
    {
        var client = await OpenAsync("/login");
        await client.Page.AddInitScriptAsync(Instrument);
        await client.GoToAsync($"/login?next=/channels/{server.Id}/{server.TextChannelId}");
        await client.SignInAsync(user.Username, user.Password);
        await client.ExpectSignedInAsAsync(displayName);
        return client;
    }

    private static async Task WaitForInboundAudioAsync(ClientPage client, long moreThan)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long bytes;
        while ((bytes = await client.Page.EvaluateAsync<long>(InboundAudioBytes)) <= moreThan)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no audio arrived: {bytes} bytes received");
            await client.Page.WaitForTimeoutAsync(200);
        }
    }

    [Fact]
    public async Task Two_people_join_a_voice_channel_hear_each_other_see_mute_rejoin_after_a_drop_and_leave()
    {
        var owner = await RegisterAsync("Alice");
        var member = await RegisterAsync("Bob");
        var server = await Host.CreateServerAsync(owner, "Book Club");
        await Host.JoinAsync(server, member);
        var alice = await SignInAsync(owner, server, "Alice");
        var bob = await SignInAsync(member, server, "Bob");

        await VoiceChannel(alice).ClickAsync();
        await Assertions.Expect(CallStatus(alice)).ToHaveTextAsync("Voice connected", new() { Timeout = 30_000 });
        await VoiceChannel(bob).ClickAsync();
        await Assertions.Expect(CallStatus(bob)).ToHaveTextAsync("Voice connected", new() { Timeout = 30_000 });

        // Each sees both in the channel, live from VOICE_STATE_UPDATE.
        foreach (var client in new[] { alice, bob })
        {
            await Assertions.Expect(Participant(client, "Alice")).ToBeVisibleAsync();
            await Assertions.Expect(Participant(client, "Bob")).ToBeVisibleAsync();
        }

        // Audio flows both ways, and the other's fake microphone lights their speaking ring.
        await WaitForInboundAudioAsync(alice, 2000);
        await WaitForInboundAudioAsync(bob, 2000);
        await Assertions.Expect(Participant(alice, "Bob")).ToHaveAccessibleNameAsync(new Regex("speaking"), new() { Timeout = 30_000 });
        await Assertions.Expect(alice.Page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Connection (good|fair|poor): ") })).ToBeVisibleAsync();

        // A network drop (the signalling socket closes under Bob): the client rejoins with a fresh token by itself.
        await bob.Page.EvaluateAsync("() => window.__sockets.filter(s => s.url.includes('/media/ws')).forEach(s => s.close())");
        await Assertions.Expect(CallStatus(bob)).ToHaveTextAsync("Reconnecting…");
        await bob.Page.WaitForFunctionAsync("() => window.__sockets.filter(s => s.url.includes('/media/ws') && s.readyState === 1).length === 1");
        await Assertions.Expect(CallStatus(bob)).ToHaveTextAsync("Voice connected", new() { Timeout = 30_000 });
        await Assertions.Expect(Participant(alice, "Bob")).ToBeVisibleAsync();
        await WaitForInboundAudioAsync(bob, 2000);
        await WaitForInboundAudioAsync(alice, await alice.Page.EvaluateAsync<long>(InboundAudioBytes) + 2000);

        // Bob mutes himself: Alice's list shows it.
        await bob.Button("Mute").ClickAsync();
        await Assertions.Expect(bob.Button("Mute")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(Participant(alice, "Bob")).ToHaveAccessibleNameAsync(new Regex(", muted"));

        // Alice sets Bob's volume (remembered) and, as the owner, server-mutes him from his menu.
        await Participant(alice, "Bob").ClickAsync();
        await alice.Page.GetByRole(AriaRole.Slider, new() { Name = "Volume of Bob" }).FillAsync("40");
        Assert.Contains("\"volumes\":{\"" + member.Id + "\":40}", await alice.Page.EvaluateAsync<string>("() => localStorage.getItem('together.voice')"), StringComparison.Ordinal);
        await alice.Page.GetByRole(AriaRole.Menuitemcheckbox, new() { Name = "Server mute" }).ClickAsync();
        await Assertions.Expect(Participant(bob, "Bob")).ToHaveAccessibleNameAsync(new Regex("server muted"));

        // The member list's context menu offers the same to a moderator; Bob, without MUTE_MEMBERS, gets only a volume.
        await alice.Page.GetByRole(AriaRole.Complementary, new() { Name = "Members" }).GetByText("Bob", new() { Exact = true })
            .ClickAsync(new() { Button = MouseButton.Right });
        await alice.Page.GetByRole(AriaRole.Menuitemcheckbox, new() { Name = "Server deafen" }).ClickAsync();
        await Assertions.Expect(Participant(bob, "Bob")).ToHaveAccessibleNameAsync(new Regex("server deafened"));
        await Participant(bob, "Alice").ClickAsync();
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Slider, new() { Name = "Volume of Alice" })).ToBeVisibleAsync();
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Menuitemcheckbox, new() { Name = "Server mute" })).ToHaveCountAsync(0);
        await bob.Page.Keyboard.PressAsync("Escape");
        await alice.ScreenshotForDocsAsync("voice-call");

        // Leaving removes Bob from Alice's list and ends his call.
        await bob.Button("Leave voice").ClickAsync();
        await Assertions.Expect(Participant(alice, "Bob")).ToHaveCountAsync(0);
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Region, new() { Name = "Voice call" })).ToHaveCountAsync(0);

        alice.AssertNoPageErrors();
        bob.AssertNoPageErrors();
    }

    [Fact]
    public async Task Settings_hold_the_voice_preferences_and_administrators_run_the_voice_doctor_there()
    {
        var admin = await RegisterAsync("Alice"); // the first account administers the instance
        var user = await RegisterAsync("Bob");

        var bob = await OpenAsync("/login?next=/settings");
        await bob.SignInAsync(user.Username, user.Password);
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "Voice", Exact = true })).ToBeVisibleAsync();
        await bob.Page.GetByLabel("Noise suppression").UncheckAsync();
        await bob.Page.GetByLabel("Push to talk").CheckAsync();
        Assert.Contains("\"noiseSuppression\":false", await bob.Page.EvaluateAsync<string>("() => localStorage.getItem('together.voice')"), StringComparison.Ordinal);
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "Voice connectivity" })).ToHaveCountAsync(0);

        var alice = await OpenAsync("/login?next=/settings");
        await alice.SignInAsync(admin.Username, admin.Password);
        await alice.Button("Run the checks").ClickAsync();
        await Assertions.Expect(alice.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Voice works from here." })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(alice.Page.GetByLabel("Doctor output")).ToContainTextAsync("ok   ICE + DTLS");
        await alice.Page.GetByLabel("Doctor output").ScrollIntoViewIfNeededAsync();
        await alice.ScreenshotForDocsAsync("voice-doctor");
        alice.AssertNoPageErrors();
        bob.AssertNoPageErrors();
    }
}

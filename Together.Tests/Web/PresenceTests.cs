using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// Presence and the gateway's resume in two browser contexts against a real merged server: a status and custom
/// status chosen in the user panel reach the other member's list live; a member who leaves is listed offline,
/// last; a connection lost while messages are sent resumes and shows them once, without reloading anything.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PresenceTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    private static ILocator MemberEntry(ClientPage client, string username) =>
        client.Page.GetByRole(AriaRole.Complementary, new() { Name = "Members" })
            .GetByRole(AriaRole.Listitem).Filter(new() { Has = client.Page.GetByText(username, new() { Exact = true }) });

    [Fact]
    public async Task A_chosen_status_and_custom_status_show_in_the_other_members_list_and_a_member_who_leaves_goes_offline()
    {
        var (_, bob, _, aliceClient, bobClient) = await OpenServerWithMemberAsync();

        var bobInAlices = MemberEntry(aliceClient, bob.Username);
        await Assertions.Expect(bobInAlices.Locator(".presence.online")).ToBeVisibleAsync();

        await bobClient.Page.GetByRole(AriaRole.Button, new() { NameRegex = new("Change status$") }).ClickAsync();
        await bobClient.Page.GetByRole(AriaRole.Menuitemradio, new() { Name = "Do not disturb" }).ClickAsync();
        await bobClient.Page.GetByRole(AriaRole.Button, new() { NameRegex = new("Change status$") }).ClickAsync();
        await bobClient.Page.GetByRole(AriaRole.Menuitem, new() { Name = "Set a custom status" }).ClickAsync();
        await bobClient.Field("Status emoji").FillAsync("🎧");
        await bobClient.Field("What's happening?").FillAsync("Focus time");
        await bobClient.Button("Save").ClickAsync();
        await Assertions.Expect(bobClient.Page.GetByRole(AriaRole.Button, new() { NameRegex = new("Do not disturb, 🎧 Focus time\\. Change status$") }))
            .ToBeVisibleAsync();

        // Alice's list follows PRESENCE_UPDATE: the dot, then the custom status under Bob's name.
        await Assertions.Expect(bobInAlices.Locator(".presence.dnd")).ToBeVisibleAsync();
        await Assertions.Expect(bobInAlices).ToContainTextAsync("🎧 Focus time");
        await aliceClient.ScreenshotForDocsAsync("presence");

        // A reload keeps the chosen status (the server holds it; READY's `presence` brings it back).
        await bobClient.Page.ReloadAsync();
        await Assertions.Expect(bobClient.Page.GetByRole(AriaRole.Button, new() { NameRegex = new("Do not disturb, 🎧 Focus time\\. Change status$") }))
            .ToBeVisibleAsync();

        // Bob closes the app: after the server's grace he is listed under Offline, last, without his custom status.
        await bobClient.DisposeAsync();
        var offline = aliceClient.Page.GetByRole(AriaRole.Region, new() { NameRegex = new("^Offline, ") });
        await Assertions.Expect(offline.GetByText(bob.Username, new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await Assertions.Expect(bobInAlices).Not.ToContainTextAsync("Focus time");
        var groups = await aliceClient.Page.GetByRole(AriaRole.Complementary, new() { Name = "Members" }).GetByRole(AriaRole.Region).AllAsync();
        Assert.Matches("^Offline, ", await groups[^1].GetAttributeAsync("aria-label"));
        aliceClient.AssertNoPageErrors();
    }

    [Fact]
    public async Task Messages_sent_while_the_connection_is_down_arrive_after_it_resumes_once_and_without_reloading()
    {
        await Host.RegisterAsync();
        var (alice, bob, server) = await Host.CreateServerWithMemberAsync();
        var bobClient = await OpenAsync("/login");
        // Keeps the page's WebSockets reachable, so the test can drop the gateway's like a network failure would.
        await bobClient.Page.Context.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket;
              window.__sockets = [];
              window.WebSocket = class extends Native {
                constructor(...args) { super(...args); window.__sockets.push(this); }
              };
            })();
            """);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var invoked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        bobClient.Page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, frame) =>
            {
                if (frame.Text?.Contains("\"t\":\"READY\"", StringComparison.Ordinal) == true)
                {
                    ready.TrySetResult();
                }
            };
            socket.FrameSent += (_, frame) =>
            {
                if (frame.Text is { } text && Regex.Match(text, "\"target\":\"(\\w+)\"") is { Success: true } call)
                {
                    invoked.Enqueue(call.Groups[1].Value);
                }
            };
        };
        await bobClient.GoToAsync($"/login?next=/channels/{server.Id}/{server.TextChannelId}");
        await bobClient.SignInAsync(bob.Username, bob.Password);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Host.SendMessageAsync(alice, server.TextChannelId, "Before the outage");
        await Assertions.Expect(bobClient.Message("Before the outage")).ToBeVisibleAsync();

        var historyRequests = new List<string>();
        bobClient.Page.Request += (_, request) =>
        {
            if (request.Method == "GET" && Regex.IsMatch(request.Url, "/api/channels/\\d+/messages"))
            {
                historyRequests.Add(request.Url);
            }
        };

        // The network fails: the socket drops and reconnecting fails until it is back.
        await bobClient.Page.RouteAsync("**/gateway/negotiate**", route => route.AbortAsync());
        await bobClient.Page.EvaluateAsync("() => window.__sockets.forEach(socket => socket.close(4000, 'test'))");
        await Assertions.Expect(bobClient.Page.GetByText("Reconnecting", new() { Exact = false })).ToBeVisibleAsync();
        await Host.SendMessageAsync(alice, server.TextChannelId, "Sent while Bob was away");
        await Host.SendMessageAsync(alice, server.TextChannelId, "And another one");
        await bobClient.Page.UnrouteAllAsync();

        await Assertions.Expect(bobClient.Message("And another one")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await Assertions.Expect(bobClient.Message("Sent while Bob was away")).ToHaveCountAsync(1);
        await Assertions.Expect(bobClient.Message("Before the outage")).ToHaveCountAsync(1);
        await Assertions.Expect(bobClient.Page.GetByText("Reconnecting", new() { Exact = false })).ToHaveCountAsync(0);

        // The events came back through Resume: nothing was fetched again, and the session goes on live.
        Assert.Empty(historyRequests);
        // A fresh READY is answered with UpdatePresence at once (it ends the server's hold on a second connection,
        // docs/api.md "Resuming"); the reconnect's greeting READY with Resume, before any other hub method.
        Assert.Equal(["UpdatePresence", "Resume"], invoked.Where(name => name is "UpdatePresence" or "Resume").Take(2));
        Assert.Equal("UpdatePresence", invoked.First());
        await Host.SendMessageAsync(alice, server.TextChannelId, "After the outage");
        await Assertions.Expect(bobClient.Message("After the outage")).ToHaveCountAsync(1);
        bobClient.AssertNoPageErrors();
    }
}

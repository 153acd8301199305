using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// Direct messages in two browser contexts against a real merged server: one member opens a DM with another from
/// the member list; the other sees it arrive in Home's list, unread, and they talk there live.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DirectMessagesTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    [Fact]
    public async Task A_member_opens_a_DM_from_the_member_list_and_both_talk_there()
    {
        await Host.RegisterAsync();
        var (alice, bob, server) = await Host.CreateServerWithMemberAsync();
        var bobClient = await OpenAsync("/login");
        await bobClient.SignInAsync(bob.Username, bob.Password);
        await Assertions.Expect(bobClient.Page.GetByText("Direct messages will be listed here.", new() { Exact = false })).ToBeVisibleAsync();

        var aliceClient = await OpenAsync($"/login?next=/channels/{server.Id}/{server.TextChannelId}");
        await aliceClient.SignInAsync(alice.Username, alice.Password);
        await aliceClient.Page.GetByRole(AriaRole.Complementary, new() { Name = "Members" })
            .GetByRole(AriaRole.Button, new() { Name = bob.Username, Exact = true }).ClickAsync();
        await aliceClient.Page.GetByRole(AriaRole.Menuitem, new() { Name = $"Message {bob.Username}" }).ClickAsync();
        var aliceComposer = aliceClient.Field($"Message @{bob.Username}");
        await aliceComposer.FillAsync("psst, a secret");
        await aliceComposer.PressAsync("Enter");
        await Assertions.Expect(aliceClient.Message("psst, a secret")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("pending"));

        // Bob's Home lists the DM (CHANNEL_CREATE), unread (the rail's Home says so too), and opening it shows it.
        await Assertions.Expect(bobClient.Page.GetByRole(AriaRole.Navigation, new() { Name = "Servers" })
            .GetByRole(AriaRole.Button, new() { NameRegex = new("^Home, unread") })).ToBeVisibleAsync();
        var dm = bobClient.Page.GetByRole(AriaRole.Link, new() { Name = $"{alice.Username} (direct message, unread)" });
        await dm.ClickAsync();
        await Assertions.Expect(bobClient.Message("psst, a secret")).ToBeVisibleAsync();
        var bobComposer = bobClient.Field($"Message @{alice.Username}");
        await bobComposer.FillAsync("my lips are sealed");
        await bobComposer.PressAsync("Enter");
        await Assertions.Expect(aliceClient.Message("my lips are sealed")).ToBeVisibleAsync();
        await Assertions.Expect(aliceClient.Page.GetByRole(AriaRole.Link, new() { Name = $"{bob.Username} (direct message)" })).ToBeVisibleAsync();
        await bobClient.ScreenshotForDocsAsync("direct-messages");

        aliceClient.AssertNoPageErrors();
        bobClient.AssertNoPageErrors();
    }
    [Fact]
    public async Task A_member_starts_a_named_group_from_Home_everyone_in_it_talks_there_and_anyone_renames_it()
    {
        await Host.RegisterAsync();
        var (alice, bob, server) = await Host.CreateServerWithMemberAsync();
        var carol = await Host.RegisterAsync();
        await Host.JoinAsync(server, carol);
        var bobClient = await OpenAsync("/login");
        await bobClient.SignInAsync(bob.Username, bob.Password);
        var aliceClient = await OpenAsync("/login?next=/channels/@me");
        await aliceClient.SignInAsync(alice.Username, alice.Password);

        await aliceClient.Page.GetByRole(AriaRole.Button, new() { Name = "New message or group" }).ClickAsync();
        var dialog = aliceClient.Page.GetByRole(AriaRole.Dialog, new() { Name = "New message" });
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = bob.Username }).CheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = carol.Username }).CheckAsync();
        await dialog.GetByLabel("Group name (optional)").FillAsync("Book club");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();

        var aliceComposer = aliceClient.Field("Message @Book club");
        await aliceComposer.FillAsync("first meeting on Friday?");
        await aliceComposer.PressAsync("Enter");
        await Assertions.Expect(aliceClient.Message("first meeting on Friday?")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("pending"));

        // Bob, already signed in, hears of the group live (CHANNEL_CREATE) and answers there.
        await bobClient.Page.GetByRole(AriaRole.Navigation, new() { Name = "Servers" })
            .GetByRole(AriaRole.Button, new() { NameRegex = new("^Home(,|$)") }).ClickAsync();
        await bobClient.Page.GetByRole(AriaRole.Link, new() { Name = "Book club (group message, unread)" }).ClickAsync();
        await Assertions.Expect(bobClient.Message("first meeting on Friday?")).ToBeVisibleAsync();
        var bobComposer = bobClient.Field("Message @Book club");
        await bobComposer.FillAsync("count me in");
        await bobComposer.PressAsync("Enter");
        await Assertions.Expect(aliceClient.Message("count me in")).ToBeVisibleAsync();

        // Any participant renames it; everyone sees the new name live (CHANNEL_UPDATE).
        await bobClient.Page.GetByRole(AriaRole.Button, new() { Name = "Rename group" }).ClickAsync();
        await bobClient.Field("Group name").FillAsync("Reading circle");
        await bobClient.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(aliceClient.Page.Locator("h2.pane-title")).ToHaveTextAsync("Reading circle");
        await Assertions.Expect(aliceClient.Field("Message @Reading circle")).ToBeVisibleAsync();

        aliceClient.AssertNoPageErrors();
        bobClient.AssertNoPageErrors();
    }
}

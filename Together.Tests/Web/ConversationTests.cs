using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// Two people in two browser contexts against a real merged server: one creates a server, a channel, a category
/// and an invite; the other joins by the link (previewed before signing up); they talk, reply, edit, react and
/// pin, and each sees the other's actions live. Then the joiner opens the same page at phone size.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConversationTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    private static ILocator Channel(ClientPage client, string name, string state = "") =>
        client.Page.GetByRole(AriaRole.Link, new() { Name = $"{name} (text channel{state})", Exact = true });

    private static async Task SendAsync(ClientPage client, string channel, string text)
    {
        var composer = client.Field($"Message #{channel}");
        await composer.FillAsync(text);
        await composer.PressAsync("Enter");
    }

    /// <summary>
    /// Scrolls the list to the top until <paramref name="shown"/> is there, as a person scrolls again when nothing
    /// came: on a busy machine the first scroll can land while the first page is still being measured and placed at
    /// the bottom, which moves the list back down before it asks for more.
    /// </summary>
    private static async Task ScrollToTopUntilAsync(ILocator log, ILocator shown)
    {
        for (var attempt = 0; attempt < 10 && await shown.CountAsync() == 0; attempt++)
        {
            await log.EvaluateAsync("element => { element.scrollTop = 0; }");
            try
            {
                await shown.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 1000 });
            }
            catch (TimeoutException)
            {
            }
        }

        await Assertions.Expect(shown).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Older_history_loads_on_scrolling_up_without_moving_what_is_read()
    {
        var owner = await Host.RegisterAsync();
        var server = await Host.CreateServerAsync(owner, "Archive");
        for (var i = 1; i <= 120; i++)
        {
            await Host.SendMessageAsync(owner, server.TextChannelId, $"Message number {i}.");
        }

        var client = await OpenAsync($"/login?next=/channels/{server.Id}/{server.TextChannelId}");
        await client.SignInAsync(owner.Username, owner.Password);
        await Assertions.Expect(client.Message("Message number 120.")).ToBeInViewportAsync();
        await Assertions.Expect(client.Message("Message number 70.")).ToHaveCountAsync(0); // the first page is 50

        // Scrolling to the top asks for the page before the oldest (before=); the oldest message read stays in view.
        var log = client.Page.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await ScrollToTopUntilAsync(log, client.Message("Message number 70."));
        await Assertions.Expect(client.Message("Message number 71.")).ToBeInViewportAsync();
        Assert.True(await log.EvaluateAsync<double>("element => element.scrollTop") > 500, "the list jumped to the top of the older page");

        await ScrollToTopUntilAsync(log, client.Message("Message number 1."));
        await Assertions.Expect(client.Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to #general" })).ToBeVisibleAsync();
        client.AssertNoPageErrors();
    }

    [Fact]
    public async Task Two_people_meet_by_invite_and_talk_live()
    {
        await Host.RegisterAsync(); // the instance's administrator, so both register as ordinary users
        var alice = await OpenAsync("/register");
        await alice.FillAccountAsync(ApiTestExtensions.NewUsername("alice"), Password, displayName: "Alice");
        await alice.Button("Create account").ClickAsync();
        await alice.ExpectSignedInAsAsync("Alice");

        // A new server comes with #general, which opens.
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Create or join a server", Exact = true }).First.ClickAsync();
        await alice.Field("Server name").FillAsync("Book Club");
        await alice.Button("Create").ClickAsync();
        await Assertions.Expect(alice.Field("Message #general")).ToBeVisibleAsync();
        await Assertions.Expect(alice.Page.GetByRole(AriaRole.Link, new() { Name = "General (voice channel)" })).ToBeVisibleAsync();

        // A category, and a text channel whose name the server normalises.
        await alice.Button("Create channel").ClickAsync();
        await alice.Page.GetByLabel("Category", new() { Exact = true }).CheckAsync();
        await alice.Field("Name").FillAsync("Reading");
        await alice.Button("Create channel").Last.ClickAsync();
        await Assertions.Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Reading", Exact = true })).ToBeVisibleAsync();
        await alice.Button("Create a channel in Reading").ClickAsync();
        await alice.Field("Name").FillAsync("Spoilers");
        await alice.Button("Create channel").Last.ClickAsync();
        await Assertions.Expect(alice.Field("Message #spoilers")).ToBeVisibleAsync();
        await Channel(alice, "general").ClickAsync();

        await alice.Button("Invite people").ClickAsync();
        var linkField = alice.Field("Invite link");
        await Assertions.Expect(linkField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/invite/[A-Za-z0-9]{10}$"));
        var link = new Uri(await linkField.InputValueAsync());
        await alice.Button("Close").ClickAsync();

        // The preview is anonymous: Bob sees where the link leads before he has an account, and that Alice is online.
        var bob = await OpenAsync(link.PathAndQuery);
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "Book Club" })).ToBeVisibleAsync();
        await Assertions.Expect(bob.Page.GetByText("1 member · 1 online · #general")).ToBeVisibleAsync();
        await bob.Button("Create an account").ClickAsync();
        var bobName = ApiTestExtensions.NewUsername("bob");
        await bob.FillAccountAsync(bobName, Password, displayName: "Bob");
        await bob.Button("Create account").ClickAsync();
        await bob.Button("Accept invite").ClickAsync();
        await Assertions.Expect(bob.Field("Message #general")).ToBeVisibleAsync();
        await Assertions.Expect(Channel(bob, "spoilers")).ToBeVisibleAsync();

        // Alice's member list (GET /members, then MEMBER_ADD) shows Bob without a reload.
        var aliceMembers = alice.Page.GetByRole(AriaRole.Complementary, new() { Name = "Members" });
        await Assertions.Expect(aliceMembers.GetByText("Bob", new() { Exact = true })).ToBeVisibleAsync();

        // A message arrives live; Bob replies to it; Alice edits hers with Up on the empty composer.
        await SendAsync(alice, "general", "Welcome to the **club**!");
        await Assertions.Expect(bob.Message("Welcome to the club!")).ToBeVisibleAsync();
        var welcome = bob.Message("Welcome to the club!");
        await welcome.HoverAsync();
        await welcome.GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await Assertions.Expect(bob.Page.GetByText("Replying to Alice")).ToBeVisibleAsync();
        await SendAsync(bob, "general", "Glad to be here");
        var reply = alice.Message("Glad to be here");
        await Assertions.Expect(reply).ToContainTextAsync("Alice Welcome to the **club**!");

        await alice.Field("Message #general").PressAsync("ArrowUp");
        var editor = alice.Field("Edit message");
        await editor.FillAsync("Welcome to the book club!");
        await editor.PressAsync("Enter");
        await Assertions.Expect(bob.Message("Welcome to the book club!")).ToContainTextAsync("(edited)");

        // Bob reacts (the emoji URL-encoded in the path); Alice sees the count live and adds hers by clicking it.
        var edited = bob.Message("Welcome to the book club!");
        await edited.HoverAsync();
        await edited.GetByRole(AriaRole.Button, new() { Name = "Add reaction" }).ClickAsync();
        await bob.Page.GetByRole(AriaRole.Menuitem, new() { Name = "React with 👍" }).ClickAsync();
        var aliceThumbs = alice.Message("Welcome to the book club!").GetByRole(AriaRole.Button, new() { Name = "👍 1" });
        await Assertions.Expect(aliceThumbs).ToHaveAttributeAsync("aria-pressed", "false");
        await aliceThumbs.ClickAsync();
        await Assertions.Expect(bob.Message("Welcome to the book club!").GetByRole(AriaRole.Button, new() { Name = "👍 2" }))
            .ToHaveAttributeAsync("aria-pressed", "true");

        // Pinning (MANAGE_MESSAGES: the owner may, Bob may not) shows in the pins panel of the other side.
        var aliceWelcome = alice.Message("Welcome to the book club!");
        await aliceWelcome.HoverAsync();
        await aliceWelcome.GetByRole(AriaRole.Button, new() { Name = "Pin" }).ClickAsync();
        await Assertions.Expect(aliceWelcome.GetByRole(AriaRole.Button, new() { Name = "Unpin" })).ToBeVisibleAsync(); // MESSAGE_UPDATE
        var bobWelcome = bob.Message("Welcome to the book club!");
        await bobWelcome.HoverAsync();
        await Assertions.Expect(bobWelcome.GetByRole(AriaRole.Button, new() { Name = "Reply" })).ToBeVisibleAsync();
        await Assertions.Expect(bobWelcome.GetByRole(AriaRole.Button, new() { Name = "Pin" })).ToHaveCountAsync(0);
        await Assertions.Expect(bobWelcome.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);
        await bob.Button("Pinned messages").ClickAsync();
        var pins = bob.Page.GetByRole(AriaRole.Dialog, new() { Name = "Pinned messages" });
        await Assertions.Expect(pins.GetByText("Welcome to the book club!")).ToBeVisibleAsync();
        await pins.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        // A message in a channel Bob is not looking at makes it bold (unread) with a mention count, until he opens it.
        await Channel(alice, "spoilers").ClickAsync();
        await SendAsync(alice, "spoilers", $"@{bobName} the butler did it");
        await Assertions.Expect(Channel(bob, "spoilers", ", unread, 1 mention")).ToBeVisibleAsync();
        await Channel(bob, "spoilers", ", unread, 1 mention").ClickAsync();
        await Assertions.Expect(bob.Message("the butler did it")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mentioned"));
        await Channel(bob, "general").ClickAsync();
        await Assertions.Expect(Channel(bob, "spoilers")).ToBeVisibleAsync();
        await bob.Page.ReloadAsync();
        await Assertions.Expect(Channel(bob, "spoilers")).ToBeVisibleAsync();

        // Alice deletes her message; it vanishes for Bob.
        await Channel(alice, "general").ClickAsync();
        await Assertions.Expect(alice.Message("Glad to be here")).ToBeVisibleAsync();
        await alice.ScreenshotForDocsAsync("conversation");
        await SendAsync(alice, "general", "oops, wrong channel");
        var oops = alice.Message("oops, wrong channel");
        await oops.HoverAsync();
        await oops.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(bob.Message("oops, wrong channel")).ToHaveCountAsync(0);

        // The same conversation at phone size.
        var phone = await OpenAsync("/login", ClientPage.Phone);
        await phone.SignInAsync(bobName, Password);
        await phone.Button("Open navigation").ClickAsync();
        await phone.Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book Club(,|$)") }).ClickAsync();
        await Channel(phone, "general").ClickAsync();
        await Assertions.Expect(phone.Page.GetByRole(AriaRole.Complementary, new() { Name = "Book Club channels" })).Not.ToBeInViewportAsync();
        await Assertions.Expect(phone.Message("Glad to be here")).ToBeInViewportAsync();
        await Assertions.Expect(phone.Message("Welcome to the book club!").GetByRole(AriaRole.Button, new() { Name = "👍 2" })).ToBeVisibleAsync();
        await phone.ScreenshotForDocsAsync("phone-conversation");

        // Touch has no hover: tapping a message shows its actions.
        await phone.Message("Glad to be here").TapAsync();
        await phone.Message("Glad to be here").GetByRole(AriaRole.Button, new() { Name = "Add reaction" }).TapAsync();
        await phone.Page.GetByRole(AriaRole.Menuitem, new() { Name = "React with 🎉" }).TapAsync();
        await Assertions.Expect(alice.Message("Glad to be here").GetByRole(AriaRole.Button, new() { Name = "🎉 1" })).ToBeVisibleAsync();

        // Bob leaves (DELETE /members/@me): the server leaves his rail, and he leaves Alice's member list live.
        await bob.Button("Leave server").ClickAsync();
        await bob.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Leave server" }).ClickAsync();
        await bob.ExpectPathAsync("/channels/@me");
        await Assertions.Expect(bob.Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Book Club(,|$)") })).ToHaveCountAsync(0);
        await Assertions.Expect(aliceMembers.GetByText("Bob", new() { Exact = true })).ToHaveCountAsync(0);

        alice.AssertNoPageErrors();
        bob.AssertNoPageErrors();
        phone.AssertNoPageErrors();
    }
}

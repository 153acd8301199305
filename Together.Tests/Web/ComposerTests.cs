using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// The composer and the keys of UI.md in Debian's Chromium against a real merged server: @mention and :emoji:
/// autocomplete, the emoji picker (for the composer and for reactions), the quick switcher, Alt+Up/Down between
/// channels, and the "new messages" divider that Esc clears while marking the channel read.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ComposerTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    private static ILocator Option(ClientPage client, string name) =>
        client.Page.GetByRole(AriaRole.Listbox, new() { Name = "Suggestions" }).GetByRole(AriaRole.Option, new() { Name = name });

    [Fact]
    public async Task Mentions_and_emoji_autocomplete_and_the_picker_inserts_emoji()
    {
        await Host.RegisterAsync();
        var (owner, member, server) = await Host.CreateServerWithMemberAsync();
        var client = await OpenAsync($"/login?next=/channels/{server.Id}/{server.TextChannelId}");
        await client.SignInAsync(owner.Username, owner.Password);
        var composer = client.Field("Message #general");
        await Assertions.Expect(composer).ToBeVisibleAsync();

        // @ offers members by the start of their name; Tab picks; the mention is sent as <@id> and shown by name.
        await composer.PressSequentiallyAsync($"@{member.Username[..^2]}");
        await Assertions.Expect(Option(client, member.Username)).ToBeVisibleAsync();
        await composer.PressAsync("Tab");
        await Assertions.Expect(composer).ToHaveValueAsync($"@{member.Username} ");
        await composer.PressSequentiallyAsync("welcome");
        await composer.PressAsync("Enter");
        await Assertions.Expect(client.Message("welcome").Locator(".mention")).ToHaveTextAsync($"@{member.Username}");
        await Assertions.Expect(client.Message("welcome")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("pending")); // the server has it
        var sent = await Host.HistoryAsync(owner, server.TextChannelId);
        Assert.Contains(sent, message => message.Content == $"<@{member.Id}> welcome");

        // : offers emoji after two letters; Enter picks.
        await composer.PressSequentiallyAsync("party :tad");
        await Assertions.Expect(Option(client, "🎉 :tada:")).ToBeVisibleAsync();
        await composer.PressAsync("Enter");
        await Assertions.Expect(composer).ToHaveValueAsync("party 🎉 ");
        // A complete :shortcode: typed by hand is sent as the emoji too.
        await composer.PressSequentiallyAsync("and :cake:");
        await composer.PressAsync("Enter");
        await Assertions.Expect(client.Message("party 🎉 and 🍰")).ToBeVisibleAsync();

        // The picker loads on demand, searches, and inserts at the caret.
        await client.Button("Emoji").ClickAsync();
        var picker = client.Page.GetByRole(AriaRole.Dialog, new() { Name = "Emoji picker" });
        await picker.GetByLabel("Search emoji").FillAsync("rocket");
        await picker.GetByRole(AriaRole.Button, new() { Name = ":rocket:", Exact = true }).ClickAsync();
        await Assertions.Expect(picker).ToHaveCountAsync(0);
        await Assertions.Expect(composer).ToHaveValueAsync("🚀");
        await composer.PressAsync("Enter");

        // Reactions beyond the quick six come from the same picker.
        var rocket = client.Message("🚀");
        await rocket.HoverAsync();
        await rocket.GetByRole(AriaRole.Button, new() { Name = "Add reaction" }).ClickAsync();
        await client.Page.GetByRole(AriaRole.Menuitem, new() { Name = "More reactions" }).ClickAsync();
        var reactions = client.Page.GetByRole(AriaRole.Dialog, new() { Name = "Pick a reaction" });
        await reactions.GetByLabel("Search emoji").FillAsync("fire");
        await client.ScreenshotForDocsAsync("emoji-picker");
        await reactions.GetByLabel("Search emoji").PressAsync("Enter");
        await Assertions.Expect(rocket.GetByRole(AriaRole.Button, new() { Name = "🔥 1" })).ToBeVisibleAsync();
        client.AssertNoPageErrors();
    }

    [Fact]
    public async Task Keys_switch_channels_and_Esc_marks_the_channel_read()
    {
        await Host.RegisterAsync();
        var (owner, member, server) = await Host.CreateServerWithMemberAsync();
        var books = await Host.CreateTextChannelAsync(owner, server, "books");

        await Host.SendMessageAsync(owner, server.TextChannelId, "read long ago");
        var client = await OpenAsync($"/login?next=/channels/{server.Id}/{server.TextChannelId}");
        await client.SignInAsync(owner.Username, owner.Password);
        await Assertions.Expect(client.Message("read long ago")).ToBeVisibleAsync();

        // Ctrl+K finds a channel by part of its name.
        await client.Page.Keyboard.PressAsync("Control+k");
        var switcher = client.Page.GetByRole(AriaRole.Dialog, new() { Name = "Quick switcher" });
        await switcher.GetByLabel("Where would you like to go?").FillAsync("boo");
        await switcher.GetByLabel("Where would you like to go?").PressAsync("Enter");
        await client.ExpectPathAsync($"/channels/{server.Id}/{books}");

        // While away, someone writes in #general; Alt+Up goes back there and NEW marks where reading stopped.
        await Host.SendMessageAsync(member, server.TextChannelId, "something new");
        await Assertions.Expect(client.Page.GetByRole(AriaRole.Link, new() { Name = "general (text channel, unread)" })).ToBeVisibleAsync();
        await client.Page.Keyboard.PressAsync("Alt+ArrowUp");
        await client.ExpectPathAsync($"/channels/{server.Id}/{server.TextChannelId}");
        var divider = client.Page.GetByRole(AriaRole.Separator, new() { Name = "New messages" });
        await Assertions.Expect(divider).ToBeVisibleAsync();
        await Assertions.Expect(client.Message("something new")).ToBeVisibleAsync();
        await client.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(divider).ToHaveCountAsync(0);
        await Assertions.Expect(client.Page.GetByRole(AriaRole.Link, new() { Name = "general (text channel)" })).ToBeVisibleAsync();

        // Alt+Down wraps to the next text channel.
        await client.Page.Keyboard.PressAsync("Alt+ArrowDown");
        await client.ExpectPathAsync($"/channels/{server.Id}/{books}");
        client.AssertNoPageErrors();
    }
}

using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// Server management in two browser contexts against a real merged server: the owner creates a role, gives it to a
/// member and denies it a channel, and the member loses the channel live; the owner kicks one member and bans
/// another with their recent messages; a member without permissions is offered none of it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServerManagementTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    private static ILocator Channel(ClientPage client, string name) =>
        client.Page.GetByRole(AriaRole.Link, new() { Name = $"{name} (text channel)", Exact = true });

    private static ILocator Members(ClientPage client) => client.Page.GetByRole(AriaRole.Complementary, new() { Name = "Members" });

    private static ILocator MemberButton(ClientPage client, string name) =>
        Members(client).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private async Task<ClientPage> SignInAsync(TestUser user, TestServer server)
    {
        var client = await OpenAsync($"/login?next=/channels/{server.Id}/{server.TextChannelId}");
        await client.SignInAsync(user.Username, user.Password);
        await Assertions.Expect(client.Field("Message #general")).ToBeVisibleAsync();
        return client;
    }

    [Fact]
    public async Task A_role_denied_a_channel_hides_it_from_its_members_live()
    {
        await Host.RegisterAsync(); // the instance's administrator
        var (owner, member, server) = await Host.CreateServerWithMemberAsync();
        await Host.CreateTextChannelAsync(owner, server, "secret");

        var guest = await SignInAsync(member, server);
        await Assertions.Expect(Channel(guest, "secret")).ToBeVisibleAsync();
        // Nothing to manage for a member without permissions: no settings, no channel editing, no moderation.
        await Assertions.Expect(guest.Button("Server settings")).ToHaveCountAsync(0);
        await Assertions.Expect(guest.Button("Edit secret")).ToHaveCountAsync(0);
        await Assertions.Expect(guest.Button("Create channel")).ToHaveCountAsync(0);
        await MemberButton(guest, owner.Username).ClickAsync();
        await Assertions.Expect(guest.Page.GetByText($"Nothing you can change for {owner.Username}.")).ToBeVisibleAsync();

        var admin = await SignInAsync(owner, server);
        await admin.Button("Server settings").ClickAsync();
        var settings = admin.Page.GetByRole(AriaRole.Dialog, new() { Name = "Server settings" });
        await settings.GetByRole(AriaRole.Button, new() { Name = "Roles", Exact = true }).ClickAsync();
        await settings.GetByRole(AriaRole.Button, new() { Name = "Create role" }).ClickAsync();
        await settings.GetByLabel("Role name", new() { Exact = true }).FillAsync("Guests");
        await settings.GetByRole(AriaRole.Switch, new() { Name = "Manage messages" }).CheckAsync();
        await settings.GetByRole(AriaRole.Button, new() { Name = "Save role" }).ClickAsync();
        await Assertions.Expect(settings.GetByRole(AriaRole.List, new() { Name = "Roles" }).GetByText("Guests")).ToBeVisibleAsync();
        await settings.GetByRole(AriaRole.Region, new() { Name = "Roles" }).EvaluateAsync("section => section.scrollTo(0, 0)");
        await admin.ScreenshotForDocsAsync("server-roles");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Close server settings" }).ClickAsync();

        // The role is given from the member list's menu; the member's client hears MEMBER_UPDATE.
        await MemberButton(admin, member.Username).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Menuitemcheckbox, new() { Name = "Guests" }).ClickAsync();
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Menuitemcheckbox, new() { Name = "Guests" })).ToHaveAttributeAsync("aria-checked", "true");
        await admin.Page.Keyboard.PressAsync("Escape");

        // Denying the role VIEW_CHANNEL on #secret takes the channel away from the member without a reload.
        await Channel(admin, "secret").HoverAsync();
        await admin.Button("Edit secret").ClickAsync();
        await settings.GetByLabel("Add a role or member").SelectOptionAsync(new SelectOptionValue { Label = "Guests" });
        await settings.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await settings.GetByRole(AriaRole.Radio, new() { Name = "Deny View channels" }).CheckAsync();
        await settings.GetByRole(AriaRole.Button, new() { Name = "Save permissions" }).ClickAsync();
        await Assertions.Expect(settings.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await admin.ScreenshotForDocsAsync("channel-permissions");
        await Assertions.Expect(Channel(guest, "secret")).ToHaveCountAsync(0);
        await Assertions.Expect(Channel(admin, "secret")).ToBeVisibleAsync();

        // Moving a channel up reorders the sidebar (PATCH /servers/{id}/channels).
        var sidebarLinks = admin.Page.GetByRole(AriaRole.Complementary, new() { Name = "Test server channels" }).GetByRole(AriaRole.Link);
        await Assertions.Expect(sidebarLinks.First).ToHaveTextAsync("general");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Move secret up" }).ClickAsync();
        await Assertions.Expect(sidebarLinks.First).ToHaveTextAsync("secret");

        // Each change is in the audit log.
        await settings.GetByRole(AriaRole.Button, new() { Name = "Audit log", Exact = true }).ClickAsync();
        var entries = settings.GetByRole(AriaRole.List, new() { Name = "Audit log entries" });
        await Assertions.Expect(entries.GetByText("created a role")).ToBeVisibleAsync();
        await Assertions.Expect(entries.GetByText("gave a role")).ToBeVisibleAsync();
        await Assertions.Expect(entries.GetByText("changed channel permissions")).ToBeVisibleAsync();
        await Assertions.Expect(entries.GetByText("updated a channel").First).ToBeVisibleAsync();

        admin.AssertNoPageErrors();
        guest.AssertNoPageErrors();
    }

    [Fact]
    public async Task The_owner_kicks_one_member_and_bans_another_with_their_messages()
    {
        await Host.RegisterAsync();
        var (owner, kicked, server) = await Host.CreateServerWithMemberAsync();
        var banned = await Host.RegisterAsync();
        await Host.JoinAsync(server, banned);
        await Host.SendMessageAsync(banned, server.TextChannelId, "buy cheap watches");

        var kickedClient = await SignInAsync(kicked, server);
        var admin = await SignInAsync(owner, server);
        await Assertions.Expect(admin.Page.GetByText("buy cheap watches")).ToBeVisibleAsync();

        // Right-click opens the member's menu, as on Discord.
        await MemberButton(admin, kicked.Username).ClickAsync(new() { Button = MouseButton.Right });
        await admin.Page.GetByRole(AriaRole.Menuitem, new() { Name = $"Kick {kicked.Username}" }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Kick {kicked.Username}" }).GetByRole(AriaRole.Button, new() { Name = "Kick" }).ClickAsync();
        await Assertions.Expect(MemberButton(admin, kicked.Username)).ToHaveCountAsync(0);
        await Assertions.Expect(kickedClient.Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Test server(,|$)") })).ToHaveCountAsync(0);
        await kickedClient.ExpectPathAsync("/channels/@me");

        await MemberButton(admin, banned.Username).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Menuitem, new() { Name = $"Ban {banned.Username}" }).ClickAsync();
        var dialog = admin.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Ban {banned.Username}" });
        await dialog.GetByLabel("Delete their messages").SelectOptionAsync(new SelectOptionValue { Label = "Previous 24 hours" });
        await dialog.GetByLabel("Reason (optional)").FillAsync("spam");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Ban" }).ClickAsync();
        await Assertions.Expect(MemberButton(admin, banned.Username)).ToHaveCountAsync(0);
        await Assertions.Expect(admin.Page.GetByText("buy cheap watches")).ToHaveCountAsync(0); // MESSAGE_DELETE_BULK

        // The ban is listed with its reason and can be lifted.
        await admin.Button("Server settings").ClickAsync();
        var settings = admin.Page.GetByRole(AriaRole.Dialog, new() { Name = "Server settings" });
        await settings.GetByRole(AriaRole.Button, new() { Name = "Bans", Exact = true }).ClickAsync();
        await Assertions.Expect(settings.GetByText("“spam”", new() { Exact = false })).ToBeVisibleAsync();
        await settings.GetByRole(AriaRole.Button, new() { Name = $"Unban {banned.Username}" }).ClickAsync();
        await Assertions.Expect(settings.GetByText("Nobody is banned.")).ToBeVisibleAsync();

        admin.AssertNoPageErrors();
        kickedClient.AssertNoPageErrors();
    }
}

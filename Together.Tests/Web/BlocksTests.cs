using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>Blocking from the member list, and the settings' list of blocked users with Unblock, against a real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BlocksTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    [Fact]
    public async Task A_member_blocked_from_the_member_list_is_listed_in_settings_until_unblocked()
    {
        await Host.RegisterAsync();
        var (alice, bob, server) = await Host.CreateServerWithMemberAsync();
        var client = await OpenAsync($"/login?next=/channels/{server.Id}/{server.TextChannelId}");
        await client.SignInAsync(alice.Username, alice.Password);
        await client.Page.GetByRole(AriaRole.Complementary, new() { Name = "Members" })
            .GetByRole(AriaRole.Button, new() { Name = bob.Username, Exact = true }).ClickAsync();
        await client.Page.GetByRole(AriaRole.Menuitem, new() { Name = $"Block {bob.Username}" }).ClickAsync();
        await Assertions.Expect(client.Page.GetByRole(AriaRole.Menu, new() { Name = $"Manage {bob.Username}" })).ToHaveCountAsync(0);

        await client.Button("User settings").ClickAsync();
        var blocked = client.Page.GetByRole(AriaRole.List, new() { Name = "Blocked users" });
        await Assertions.Expect(blocked.GetByRole(AriaRole.Listitem)).ToContainTextAsync($"@{bob.Username}");
        await client.Button($"Unblock {bob.Username}").ClickAsync();
        await Assertions.Expect(blocked.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(0);

        // The server agrees: a reload lists nobody.
        await client.Page.ReloadAsync();
        await Assertions.Expect(client.Page.GetByText("You have not blocked anyone.", new() { Exact = false })).ToBeVisibleAsync();
        client.AssertNoPageErrors();
    }
}

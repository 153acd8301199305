using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// Search in the browser against a real merged server: the header's box finds a message by its words and a
/// filter, marks the words the server highlighted, and jumps to the message in its channel, paging back through
/// history to reach it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    [Fact]
    public async Task A_search_finds_an_old_message_and_jumps_to_it_in_context()
    {
        await Host.RegisterAsync();
        var (owner, member, server) = await Host.CreateServerWithMemberAsync();
        await Host.SendMessageAsync(member, server.TextChannelId, "the needle is in the haystack");
        for (var i = 1; i <= 80; i++)
        {
            await Host.SendMessageAsync(owner, server.TextChannelId, $"Hay number {i}.");
        }

        var client = await OpenAsync($"/login?next=/channels/{server.Id}/{server.TextChannelId}");
        await client.SignInAsync(owner.Username, owner.Password);
        await Assertions.Expect(client.Message("Hay number 80.")).ToBeVisibleAsync();
        await Assertions.Expect(client.Message("the needle is in")).ToHaveCountAsync(0); // older than the first page

        var box = client.Field("Search messages");
        await box.FillAsync($"needle from:{member.Username}");
        await box.PressAsync("Enter");
        var results = client.Page.GetByRole(AriaRole.Complementary, new() { Name = "Search results" });
        await Assertions.Expect(results.GetByRole(AriaRole.Heading, new() { Name = "1 result" })).ToBeVisibleAsync();
        await Assertions.Expect(results.Locator("mark")).ToHaveTextAsync("needle");
        await client.ScreenshotForDocsAsync("search");

        await results.GetByRole(AriaRole.Button, new() { Name = "Jump" }).ClickAsync();
        await Assertions.Expect(client.Message("the needle is in the haystack")).ToBeInViewportAsync();

        await box.FillAsync($"needle from:{owner.Username}");
        await box.PressAsync("Enter");
        await Assertions.Expect(results.GetByRole(AriaRole.Heading, new() { Name = "0 results" })).ToBeVisibleAsync();
        client.AssertNoPageErrors();
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// A server's notification settings chosen in the browser are stored on the server for the account and show in
/// another browser signed in to it (READY's notificationSettings).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationSettingsTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    [Fact]
    public async Task Choosing_mentions_only_and_a_mute_is_saved_for_every_device()
    {
        await Host.RegisterAsync();
        var owner = await Host.RegisterAsync();
        var server = await Host.CreateServerAsync(owner, "Book Club");
        var path = $"/login?next=/channels/{server.Id}/{server.TextChannelId}";
        var laptop = await OpenAsync(path);
        await laptop.SignInAsync(owner.Username, owner.Password);

        await laptop.Button("Notification settings").ClickAsync();
        var dialog = laptop.Page.GetByRole(AriaRole.Dialog, new() { Name = "Notifications for Book Club" });
        await dialog.GetByLabel("Only @mentions").CheckAsync();
        await dialog.GetByLabel("Mute Book Club").SelectOptionAsync(new SelectOptionValue { Label = "For 8 hours" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        using var http = Host.ClientFor(owner.AccessToken);
        using var response = await http.GetAsync($"/api/users/@me/notification-settings/servers/{server.Id}");
        var setting = await response.ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal("mentions", setting.GetProperty("level").GetString());
        var mutedUntil = setting.GetProperty("mutedUntil").GetDateTimeOffset();
        Assert.InRange(mutedUntil, DateTimeOffset.UtcNow.AddHours(7), DateTimeOffset.UtcNow.AddHours(9));

        var phone = await OpenAsync(path);
        await phone.SignInAsync(owner.Username, owner.Password);
        await phone.Button("Notification settings").ClickAsync();
        var again = phone.Page.GetByRole(AriaRole.Dialog, new() { Name = "Notifications for Book Club" });
        await Assertions.Expect(again.GetByLabel("Only @mentions")).ToBeCheckedAsync();
        await Assertions.Expect(again.GetByLabel("Mute Book Club")).ToHaveValueAsync("-1"); // the running mute

        laptop.AssertNoPageErrors();
        phone.AssertNoPageErrors();
    }
}

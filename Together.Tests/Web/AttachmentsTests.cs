using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// Attachments in two browser contexts against a real merged server: one member attaches an image and a text file
/// (uploaded with progress before sending), the other sees the image's preview, opens it in the lightbox and
/// closes it with Esc, and gets the text file as a download with its name and size.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AttachmentsTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    // A 2×2 red PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==");

    [Fact]
    public async Task An_image_shows_as_a_preview_with_a_lightbox_and_a_text_file_as_a_download()
    {
        await Host.RegisterAsync();
        var (alice, bob, server) = await Host.CreateServerWithMemberAsync();
        var path = $"/login?next=/channels/{server.Id}/{server.TextChannelId}";
        var aliceClient = await OpenAsync(path);
        await aliceClient.SignInAsync(alice.Username, alice.Password);
        var bobClient = await OpenAsync(path);
        await bobClient.SignInAsync(bob.Username, bob.Password);

        await bobClient.Page.GetByLabel("Files to attach").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "red.png", MimeType = "image/png", Buffer = Png },
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "remember the milk\n"u8.ToArray() },
        });
        var pending = bobClient.Page.GetByRole(AriaRole.List, new() { Name = "Attachments to send" });
        await Assertions.Expect(pending.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Assertions.Expect(bobClient.Button("Remove red.png")).ToBeVisibleAsync();
        await Assertions.Expect(bobClient.Button("Remove notes.txt")).ToBeVisibleAsync();
        await bobClient.Field($"Message #general").FillAsync("Two files");
        await bobClient.Field($"Message #general").PressAsync("Enter");
        await Assertions.Expect(pending).ToHaveCountAsync(0);

        var message = aliceClient.Message("Two files");
        var preview = message.GetByRole(AriaRole.Img, new() { Name = "red.png" });
        await Assertions.Expect(preview).ToBeVisibleAsync();
        Assert.True(await preview.EvaluateAsync<bool>("image => image.complete && image.naturalWidth === 2"), "the preview did not load");
        var download = message.GetByRole(AriaRole.Link, new() { NameRegex = new("notes\\.txt 18 B") });
        await Assertions.Expect(download).ToHaveAttributeAsync("download", "notes.txt");

        await message.GetByRole(AriaRole.Button, new() { Name = "Open image red.png" }).ClickAsync();
        var lightbox = aliceClient.Page.GetByRole(AriaRole.Dialog, new() { Name = "red.png" });
        await Assertions.Expect(lightbox.GetByRole(AriaRole.Img, new() { Name = "red.png" })).ToBeVisibleAsync();
        await aliceClient.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(lightbox).ToHaveCountAsync(0);

        var text = await aliceClient.Page.EvaluateAsync<string>("url => fetch(url).then(response => response.text())", await download.GetAttributeAsync("href"));
        Assert.Equal("remember the milk\n", text);
        aliceClient.AssertNoPageErrors();
        bobClient.AssertNoPageErrors();
    }
}

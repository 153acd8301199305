using Microsoft.Playwright;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// Attachments in two browser contexts against a real merged server: one member attaches an image and a text file
/// (uploaded with progress before sending), the other sees the image's preview, opens it in the lightbox and
/// closes it with Esc, and gets the text file as a download with its name and size. Dropped and pasted files join
/// the same list; a failed upload is retried.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AttachmentsTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    [Fact]
    public async Task An_image_shows_as_a_preview_with_a_lightbox_and_a_text_file_as_a_download()
    {
        var (_, _, _, aliceClient, bobClient) = await OpenServerWithMemberAsync();

        // A real PNG to share: a 320×200 corner of Bob's own screen.
        var png = await bobClient.Page.ScreenshotAsync(new() { Clip = new() { X = 0, Y = 0, Width = 320, Height = 200 } });
        await bobClient.Page.GetByLabel("Files to attach").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "corner.png", MimeType = "image/png", Buffer = png },
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "remember the milk\n"u8.ToArray() },
        });
        var pending = bobClient.Page.GetByRole(AriaRole.List, new() { Name = "Attachments to send" });
        await Assertions.Expect(pending.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Assertions.Expect(bobClient.Button("Remove corner.png")).ToBeVisibleAsync();
        await Assertions.Expect(bobClient.Button("Remove notes.txt")).ToBeVisibleAsync();

        // Dropped on the composer and pasted into it, files join the list; removing them leaves them unsent.
        var composer = bobClient.Field("Message #general");
        await composer.EvaluateAsync("""
            textarea => {
              const files = name => { const data = new DataTransfer(); data.items.add(new File(["x"], name, { type: "text/plain" })); return data; };
              textarea.dispatchEvent(new DragEvent("drop", { dataTransfer: files("dropped.txt"), bubbles: true, cancelable: true }));
              textarea.dispatchEvent(new ClipboardEvent("paste", { clipboardData: files("pasted.txt"), bubbles: true, cancelable: true }));
            }
            """);
        await Assertions.Expect(pending.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(4);
        await bobClient.Button("Remove dropped.txt").ClickAsync();
        await bobClient.Button("Remove pasted.txt").ClickAsync();
        await Assertions.Expect(pending.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);

        // A failed upload says why and offers Retry, which uploads it again.
        await bobClient.Page.RouteAsync("**/api/attachments", route => route.FulfillAsync(new()
        {
            Status = 503, ContentType = "application/problem+json", Body = """{"status":503,"code":"service_unavailable","detail":"Storage is busy."}""",
        }));
        await bobClient.Page.GetByLabel("Files to attach").SetInputFilesAsync(new FilePayload { Name = "later.txt", MimeType = "text/plain", Buffer = "x"u8.ToArray() });
        await Assertions.Expect(pending.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Storage is busy.");
        await Assertions.Expect(bobClient.Button("Send message")).ToBeDisabledAsync();
        await bobClient.Page.UnrouteAllAsync();
        await bobClient.Button("Retry later.txt").ClickAsync();
        await bobClient.Button("Remove later.txt").ClickAsync();
        await Assertions.Expect(pending.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);

        await bobClient.Field($"Message #general").FillAsync("Two files");
        await bobClient.Field($"Message #general").PressAsync("Enter");
        await Assertions.Expect(pending).ToHaveCountAsync(0);

        var message = aliceClient.Message("Two files");
        var preview = message.GetByRole(AriaRole.Img, new() { Name = "corner.png" });
        await Assertions.Expect(preview).ToBeVisibleAsync();
        Assert.True(await preview.EvaluateAsync<bool>("image => image.complete && image.naturalWidth === 320"), "the preview did not load");
        var download = message.GetByRole(AriaRole.Link, new() { NameRegex = new("notes\\.txt 18 B") });
        await Assertions.Expect(download).ToHaveAttributeAsync("download", "notes.txt");

        await aliceClient.ScreenshotForDocsAsync("attachments");
        await message.GetByRole(AriaRole.Button, new() { Name = "Open image corner.png" }).ClickAsync();
        var lightbox = aliceClient.Page.GetByRole(AriaRole.Dialog, new() { Name = "corner.png" });
        await Assertions.Expect(lightbox.GetByRole(AriaRole.Img, new() { Name = "corner.png" })).ToBeVisibleAsync();
        await aliceClient.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(lightbox).ToHaveCountAsync(0);

        await Assertions.Expect(message.GetByText("dropped.txt")).ToHaveCountAsync(0);
        var text = await aliceClient.Page.EvaluateAsync<string>("url => fetch(url).then(response => response.text())", await download.GetAttributeAsync("href"));
        Assert.Equal("remember the milk\n", text);
        aliceClient.AssertNoPageErrors();
        bobClient.AssertNoPageErrors();
    }
}

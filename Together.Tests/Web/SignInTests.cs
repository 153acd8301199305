using System.Net.Http.Json;
using Microsoft.Playwright;
using Together.Api.Features.Users;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Browser;

namespace Together.Tests.Web;

/// <summary>
/// The built web client in Debian's Chromium against a real merged server: first run, registration, sign-in,
/// sessions that survive reloads and end on logout or revocation, on desktop and phone sizes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(ChromiumFixture chromium) : WebClientTest(chromium)
{
    [Fact]
    public async Task A_fresh_instance_offers_the_administrator_account_then_a_first_server()
    {
        var client = await OpenAsync();

        await client.ExpectPathAsync("/setup");
        await client.ScreenshotForDocsAsync("setup");
        await client.FillAccountAsync("ada", Password, displayName: "Ada");
        await client.Button("Create the administrator account").ClickAsync();

        await client.ExpectSignedInAsAsync("Ada");
        await client.ExpectPathAsync("/channels/@me");
        await Assertions.Expect(client.Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome to Together" })).ToBeVisibleAsync();
        var ada = await Host.QueryAsync(db => Task.FromResult(db.Users.Single(user => user.Username == "ada")));
        Assert.True(ada.IsAdmin);
        client.AssertNoPageErrors();
    }

    [Fact]
    public async Task Registration_errors_appear_under_the_fields_they_concern()
    {
        await Host.RegisterAsync();
        var client = await OpenAsync("/register");

        await client.FillAccountAsync("x", "short");
        await client.Button("Create account").ClickAsync();

        await Assertions.Expect(client.Field("Username")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(client.Page.GetByText("Usernames are 2 to 32 characters long.")).ToBeVisibleAsync();
        await Assertions.Expect(client.Field("Password")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(client.Field("Display name")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await client.ExpectPathAsync("/register");
    }

    [Fact]
    public async Task Register_reload_log_out_and_sign_in_again()
    {
        await Host.RegisterAsync();
        var client = await OpenAsync("/register");
        var username = ApiTestExtensions.NewUsername("web");

        await client.FillAccountAsync(username, Password, displayName: "Grace");
        await client.Button("Create account").ClickAsync();
        await client.ExpectSignedInAsAsync("Grace");
        await client.ScreenshotForDocsAsync("home");

        await client.Page.ReloadAsync();
        await client.ExpectSignedInAsAsync("Grace");

        await client.Button("User settings").ClickAsync();
        await client.ExpectPathAsync("/settings");
        await Assertions.Expect(client.Page.GetByText("This device")).ToBeVisibleAsync();
        await client.ScreenshotForDocsAsync("settings");
        await client.Button("Log out").ClickAsync();

        await client.ExpectPathAsync("/login");
        await client.Page.ReloadAsync();
        await client.ExpectPathAsync("/login");
        await client.ScreenshotForDocsAsync("sign-in");
        await client.SignInAsync(username, Password);
        await client.ExpectSignedInAsAsync("Grace");
        client.AssertNoPageErrors();
    }

    [Fact]
    public async Task A_session_revoked_from_another_device_signs_this_one_out()
    {
        var user = await Host.RegisterAsync();
        var laptop = await OpenAsync("/login");
        await laptop.SignInAsync(user.Username, user.Password);
        await laptop.ExpectSignedInAsAsync(user.Username);
        var phone = await OpenAsync("/login", ClientPage.Phone);
        await phone.SignInAsync(user.Username, user.Password);
        await phone.ExpectPathAsync("/channels/@me");

        await phone.GoToAsync("/settings");
        await phone.Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Log out Chromium on Linux, signed in") }).ClickAsync();

        // The laptop's gateway connection hears CONNECTION_CLOSE session_revoked and the app returns to sign-in.
        await laptop.ExpectPathAsync("/login");
        using var sessions = await Host.ClientFor(user.AccessToken).GetAsync("/api/auth/sessions");
        Assert.Equal(2, (await sessions.Content.ReadFromJsonAsync<List<object>>())!.Count);
    }

    [Fact]
    public async Task On_a_phone_the_navigation_is_a_drawer()
    {
        var user = await Host.RegisterAsync();
        var client = await OpenAsync("/login", ClientPage.Phone);
        await client.ScreenshotForDocsAsync("phone-sign-in");
        await client.SignInAsync(user.Username, user.Password);
        await client.ExpectPathAsync("/channels/@me");

        var addServer = client.Page.GetByRole(AriaRole.Button, new() { Name = "Create or join a server", Exact = true }).First;
        var openNavigation = client.Button("Open navigation");
        await Assertions.Expect(openNavigation).ToBeVisibleAsync();
        await Assertions.Expect(client.Page.GetByRole(AriaRole.Navigation, new() { Name = "Servers" })).Not.ToBeInViewportAsync();

        await openNavigation.ClickAsync();

        await Assertions.Expect(client.Page.GetByRole(AriaRole.Navigation, new() { Name = "Servers" })).ToBeInViewportAsync();
        await Assertions.Expect(addServer).ToBeVisibleAsync();
        var box = await openNavigation.BoundingBoxAsync();
        Assert.True(box!.Height >= 44, $"touch target is {box.Height} px high");
        await client.ScreenshotForDocsAsync("phone-navigation");
        client.AssertNoPageErrors();
    }
}

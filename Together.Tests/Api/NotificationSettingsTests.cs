using System.Net;
using System.Net.Http.Json;
using Together.Api.Features.NotificationSettings;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Notification settings per server and channel: round trips, validation, who may see what, and sync to other sessions.</summary>
public abstract class NotificationSettingsTests(TogetherApiHost host)
{
    private const string Settings = "/api/users/@me/notification-settings";

    [Fact]
    public async Task Settings_round_trip_per_server_and_channel_and_reach_the_users_other_sessions()
    {
        var (owner, member, server) = await host.CreateServerWithMemberAsync();
        await using var otherSession = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        using var client = host.ClientFor(member.AccessToken);

        var untouched = await (await client.GetAsync($"{Settings}/servers/{server.Id}")).ReadAsync<NotificationSettingDto>(HttpStatusCode.OK);
        Assert.Equal(new NotificationSettingDto(server.Id, null, "default", null), untouched);

        var muted = await (await client.PatchAsJsonAsync($"{Settings}/servers/{server.Id}",
            new { level = "mentions", mutedUntil = "2030-01-02T03:04:05+02:00" })).ReadAsync<NotificationSettingDto>(HttpStatusCode.OK);
        Assert.Equal("mentions", muted.Level);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 1, 4, 5, TimeSpan.Zero), muted.MutedUntil);
        var pushed = await otherSession.SkipToEventAsync("NOTIFICATION_SETTINGS_UPDATE");
        Assert.Equal(server.Id, pushed.GetProperty("serverId").GetString());
        Assert.Equal("mentions", pushed.GetProperty("level").GetString());

        // Absent fields stay; "" unmutes.
        var unmuted = await (await client.PatchAsJsonAsync($"{Settings}/servers/{server.Id}", new { mutedUntil = "" }))
            .ReadAsync<NotificationSettingDto>(HttpStatusCode.OK);
        Assert.Equal(new NotificationSettingDto(server.Id, null, "mentions", null), unmuted);

        var channel = await (await client.PatchAsJsonAsync($"{Settings}/channels/{server.TextChannelId}", new { level = "nothing" }))
            .ReadAsync<NotificationSettingDto>(HttpStatusCode.OK);
        Assert.Equal(new NotificationSettingDto(server.Id, server.TextChannelId, "nothing", null), channel);
        Assert.Equal(channel, await (await client.GetAsync($"{Settings}/channels/{server.TextChannelId}"))
            .ReadAsync<NotificationSettingDto>(HttpStatusCode.OK));
        var all = await (await client.GetAsync(Settings)).ReadAsync<List<NotificationSettingDto>>(HttpStatusCode.OK);
        Assert.Equal([unmuted, channel], all);

        var reset = await (await client.PatchAsJsonAsync($"{Settings}/channels/{server.TextChannelId}", new { level = "default" }))
            .ReadAsync<NotificationSettingDto>(HttpStatusCode.OK);
        Assert.Equal("default", reset.Level);

        // The owner's settings are their own.
        using var ownerClient = host.ClientFor(owner.AccessToken);
        Assert.Empty(await (await ownerClient.GetAsync(Settings)).ReadAsync<List<NotificationSettingDto>>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Bad_levels_and_times_are_400_and_unseen_servers_and_channels_are_404()
    {
        var (_, member, server) = await host.CreateServerWithMemberAsync();
        var outsider = await host.RegisterAsync();
        using var client = host.ClientFor(member.AccessToken);

        await (await client.PatchAsJsonAsync($"{Settings}/servers/{server.Id}", new { level = "loud" })).AssertValidationProblemAsync("level");
        await (await client.PatchAsJsonAsync($"{Settings}/channels/{server.TextChannelId}", new { level = "ALL" }))
            .AssertValidationProblemAsync("level");
        await (await client.PatchAsJsonAsync($"{Settings}/servers/{server.Id}", new { mutedUntil = "tomorrow" }))
            .AssertValidationProblemAsync("mutedUntil");
        await (await client.PatchAsJsonAsync($"{Settings}/servers/{server.Id}", new { level = 3 })).AssertValidationProblemAsync();
        Assert.Empty(await (await client.GetAsync(Settings)).ReadAsync<List<NotificationSettingDto>>(HttpStatusCode.OK));

        using var outsiderClient = host.ClientFor(outsider.AccessToken);
        await (await outsiderClient.GetAsync($"{Settings}/servers/{server.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await outsiderClient.PatchAsJsonAsync($"{Settings}/servers/{server.Id}", new { level = "all" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await outsiderClient.PatchAsJsonAsync($"{Settings}/channels/{server.TextChannelId}", new { level = "all" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await host.DenyInChannelAsync(server.TextChannelId, member, Permission.ViewChannel);
        await (await client.PatchAsJsonAsync($"{Settings}/channels/{server.TextChannelId}", new { level = "all" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"{Settings}/channels/4242424242")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        // A DM's setting is its participants' alone.
        var dm = await host.OpenDmAsync(member, (await host.RegisterAcquaintancesAsync(member, 1))[0]);
        var dmSetting = await (await client.PatchAsJsonAsync($"{Settings}/channels/{dm.Id}", new { mutedUntil = "9999-12-31T23:59:59Z" }))
            .ReadAsync<NotificationSettingDto>(HttpStatusCode.OK);
        Assert.Equal(new NotificationSettingDto(null, dm.Id, "default", DateTimeOffset.MaxValue.AddTicks(-9_999_999)), dmSetting);
        await (await outsiderClient.GetAsync($"{Settings}/channels/{dm.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Settings)).StatusCode);
    }
}

public sealed class NotificationSettingsTestsOnSqlite(SqliteApi api) : NotificationSettingsTests(api.Host), IClassFixture<SqliteApi>;

public sealed class NotificationSettingsTestsOnPostgres(PostgresApi api) : NotificationSettingsTests(api.Host), IClassFixture<PostgresApi>;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Together.Api.Domain;
using Together.Api.Features.Channels;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api.Voice;

/// <summary>
/// Voice states over the gateway, from a real join: REST token, the in-process node's signalling, ICE/DTLS/SRTP
/// over UDP (a probe participant sending a tone), the node's reports, VOICE_STATE_UPDATE and READY.
/// </summary>
public sealed class VoiceStateGatewayTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Join_speaking_server_mute_move_and_leave_reach_those_who_see_the_channel(DatabaseKind database)
    {
        await using var api = await TogetherApiHost.StartAsync(database);
        var (owner, member, server) = await api.CreateServerWithMemberAsync();
        await using var watcher = await GatewayTestClient.ConnectAsync(api, owner.AccessToken);

        await using var memberVoice = await api.ConnectVoiceAsync(member, server.VoiceChannelId);
        var joined = await watcher.VoiceStateAsync(member, state => state.ChannelOf() == server.VoiceChannelId);
        Assert.Equal(server.Id, joined.GetProperty("serverId").GetString());
        Assert.False(joined.Flag("mute"));
        Assert.True((await watcher.VoiceStateAsync(member, state => state.Flag("speaking"))).Flag("speaking"));

        await using (var late = await GatewayTestClient.ConnectAsync(api, owner.AccessToken))
        {
            var listed = Assert.Single(late.Ready.GetProperty("d").GetProperty("voiceStates").EnumerateArray());
            Assert.Equal(member.Id, listed.GetProperty("userId").GetString());
            Assert.Equal(server.VoiceChannelId, listed.ChannelOf());
        }

        // Server mute: announced, enforced by the node (the owner's probe stops hearing the member), audit-logged.
        await using var ownerVoice = await api.ConnectVoiceAsync(owner, server.VoiceChannelId, tone: false);
        await VoiceTestExtensions.EventuallyAsync(() => ownerVoice.StreamFrom(member.Id)?.Packets > 20, "the owner hears the member");
        using var moderator = api.ClientFor(owner.AccessToken);
        using (var mute = await moderator.PatchAsJsonAsync($"/api/servers/{server.Id}/voice-states/{member.Id}", new { mute = true }))
        {
            Assert.Equal(HttpStatusCode.NoContent, mute.StatusCode);
        }

        Assert.True((await watcher.VoiceStateAsync(member, state => state.Flag("mute"))).Flag("mute"));
        var heard = ownerVoice.StreamFrom(member.Id)!.Packets;
        await Task.Delay(1000);
        Assert.InRange(ownerVoice.StreamFrom(member.Id)!.Packets - heard, 0, 5);
        Assert.Single(await api.AuditEntriesAsync(server, AuditLogActions.VoiceStateUpdate));

        // Move: the state follows at once; the node tells the member's client to rejoin the other channel.
        var other = await CreateVoiceChannelAsync(api, owner, server, "Second voice");
        using (var move = await moderator.PatchAsJsonAsync($"/api/servers/{server.Id}/voice-states/{member.Id}", new { channelId = other }))
        {
            Assert.Equal(HttpStatusCode.NoContent, move.StatusCode);
        }

        Assert.Equal(other, (await watcher.VoiceStateAsync(member, state => state.ChannelOf() == other)).ChannelOf());
        await VoiceTestExtensions.EventuallyAsync(() => memberVoice.Errors.Any(e => e.StartsWith("moved", StringComparison.Ordinal)), "the node's 'moved'");

        await ownerVoice.LeaveAsync();
        Assert.Null((await watcher.VoiceStateAsync(owner, state => state.ChannelOf() is null)).ChannelOf());
        await VoiceTestExtensions.EventuallyAsync(
            () => api.QueryAsync(db => db.VoiceStates.CountAsync()).GetAwaiter().GetResult() == 1, "only the moved member left in voice");
    }

    [Fact]
    public async Task Disconnect_by_a_moderator_needs_MOVE_MEMBERS_and_ends_the_call()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var (owner, member, server) = await api.CreateServerWithMemberAsync();
        await using var watcher = await GatewayTestClient.ConnectAsync(api, owner.AccessToken);
        await using var memberVoice = await api.ConnectVoiceAsync(member, server.VoiceChannelId);
        await watcher.VoiceStateAsync(member, state => state.ChannelOf() == server.VoiceChannelId);

        using (var self = api.ClientFor(member.AccessToken))
        using (var refused = await self.PatchAsJsonAsync($"/api/servers/{server.Id}/voice-states/{owner.Id}", new { channelId = (string?)null }))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.MissingPermission);
        }

        using var moderator = api.ClientFor(owner.AccessToken);
        using (var malformed = await moderator.PatchAsJsonAsync($"/api/servers/{server.Id}/voice-states/{member.Id}", new { mute = "loud" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        using (var notInVoice = await moderator.PatchAsJsonAsync($"/api/servers/{server.Id}/voice-states/{owner.Id}", new { channelId = (string?)null }))
        {
            await notInVoice.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.NotInVoice);
        }

        using (var unknown = await moderator.PatchAsJsonAsync($"/api/servers/{server.Id}/voice-states/123456789", new { mute = true }))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        using (var disconnect = await moderator.PatchAsJsonAsync($"/api/servers/{server.Id}/voice-states/{member.Id}", new { channelId = (string?)null }))
        {
            Assert.Equal(HttpStatusCode.NoContent, disconnect.StatusCode);
        }

        Assert.Null((await watcher.VoiceStateAsync(member, state => state.ChannelOf() is null)).ChannelOf());
        await VoiceTestExtensions.EventuallyAsync(
            () => memberVoice.Errors.Any(e => e.StartsWith("disconnected", StringComparison.Ordinal)), "the node's 'disconnected'");
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Revoking_SPEAK_silences_at_once_and_revoking_CONNECT_disconnects(DatabaseKind database)
    {
        await using var api = await TogetherApiHost.StartAsync(database);
        var (owner, member, server) = await api.CreateServerWithMemberAsync();
        await using var watcher = await GatewayTestClient.ConnectAsync(api, owner.AccessToken);
        await using var ownerVoice = await api.ConnectVoiceAsync(owner, server.VoiceChannelId, tone: false);
        await using var memberVoice = await api.ConnectVoiceAsync(member, server.VoiceChannelId);
        await VoiceTestExtensions.EventuallyAsync(() => ownerVoice.StreamFrom(member.Id)?.Packets > 20, "the owner hears the member");

        await api.PutOverwriteAsync(owner, server.VoiceChannelId, member.Id, "member", 0, (ulong)Permission.Speak);

        Assert.True((await watcher.VoiceStateAsync(member, state => state.Flag("suppress"))).Flag("suppress"));
        var heard = ownerVoice.StreamFrom(member.Id)!.Packets;
        await Task.Delay(1000);
        Assert.InRange(ownerVoice.StreamFrom(member.Id)!.Packets - heard, 0, 5);

        await api.PutOverwriteAsync(owner, server.VoiceChannelId, member.Id, "member", 0, (ulong)(Permission.Speak | Permission.Connect));

        Assert.Null((await watcher.VoiceStateAsync(member, state => state.ChannelOf() is null)).ChannelOf());
        await VoiceTestExtensions.EventuallyAsync(
            () => memberVoice.Errors.Any(e => e.StartsWith("disconnected", StringComparison.Ordinal)), "the node's 'disconnected'");
    }

    [Fact]
    public async Task A_kicked_member_is_dropped_from_voice()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var (owner, member, server) = await api.CreateServerWithMemberAsync();
        await using var watcher = await GatewayTestClient.ConnectAsync(api, owner.AccessToken);
        await using var memberVoice = await api.ConnectVoiceAsync(member, server.VoiceChannelId);
        await watcher.VoiceStateAsync(member, state => state.ChannelOf() == server.VoiceChannelId);

        using var moderator = api.ClientFor(owner.AccessToken);
        using (var kick = await moderator.DeleteAsync($"/api/servers/{server.Id}/members/{member.Id}"))
        {
            Assert.True(kick.IsSuccessStatusCode);
        }

        Assert.Null((await watcher.VoiceStateAsync(member, state => state.ChannelOf() is null)).ChannelOf());
        await VoiceTestExtensions.EventuallyAsync(
            () => memberVoice.Errors.Any(e => e.StartsWith("disconnected", StringComparison.Ordinal)), "the node's 'disconnected'");
    }

    [Fact]
    public async Task The_hub_sets_self_mute_through_the_node_and_leaves_with_a_null_channel()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var (owner, member, server) = await api.CreateServerWithMemberAsync();
        await using var watcher = await GatewayTestClient.ConnectAsync(api, owner.AccessToken);
        await using var memberGateway = await GatewayTestClient.ConnectAsync(api, member.AccessToken);
        await using var memberVoice = await api.ConnectVoiceAsync(member, server.VoiceChannelId);
        await watcher.VoiceStateAsync(member, state => state.ChannelOf() == server.VoiceChannelId);

        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(
            () => memberGateway.InvokeAsync("UpdateVoiceState", server.TextChannelId, false, false));
        await memberGateway.InvokeAsync("UpdateVoiceState", server.VoiceChannelId, true, false);
        Assert.True((await watcher.VoiceStateAsync(member, state => state.Flag("selfMute"))).Flag("selfMute"));

        await memberGateway.InvokeAsync("UpdateVoiceState", null, false, false);
        Assert.Null((await watcher.VoiceStateAsync(member, state => state.ChannelOf() is null)).ChannelOf());
    }

    private static async Task<string> CreateVoiceChannelAsync(TogetherApiHost api, TestUser owner, TestServer server, string name)
    {
        using var client = api.ClientFor(owner.AccessToken);
        using var response = await client.PostAsJsonAsync($"/api/servers/{server.Id}/channels", new { name, type = "voice" });
        return (await response.ReadAsync<ChannelDto>(HttpStatusCode.Created)).Id;
    }
}

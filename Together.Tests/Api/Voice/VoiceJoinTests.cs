using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Domain;
using Together.Api.Features.Voice;
using Together.Api.Permissions;
using Together.MediaNode.Signaling;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api.Voice;

/// <summary><c>POST /channels/{id}/voice/join</c>: who gets a voice token, what it says, where to use it.</summary>
public sealed class VoiceJoinTests
{
    [Fact]
    public async Task A_member_with_CONNECT_gets_a_token_the_node_accepts_the_signalling_path_and_no_ICE_servers_without_TURN()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var (_, member, server) = await api.CreateServerWithMemberAsync();

        var join = await api.JoinVoiceAsync(member, server.VoiceChannelId);

        Assert.Equal("/media/ws", join.SignalingUrl);
        Assert.Empty(join.IceServers);
        var claims = Claims(join.Token);
        Assert.Equal(member.Id, claims.GetProperty("sub").GetString());
        Assert.Equal(server.VoiceChannelId, claims.GetProperty("room").GetString());
        Assert.True(claims.GetProperty("speak").GetBoolean());
        Assert.True(api.Services.GetRequiredService<VoiceTokenVerifier>().TryVerify(join.Token, out var verified, out _));
        Assert.Equal(member.Id, verified!.UserId);
    }

    [Fact]
    public async Task TURN_credentials_follow_the_REST_API_username_expiry_and_userId_password_HMAC_SHA1_of_the_shared_secret()
    {
        const string secret = "a shared secret of coturn";
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["Turn:Urls"] = "turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349?transport=tcp",
            ["Turn:SharedSecret"] = secret,
        });
        var (_, member, server) = await api.CreateServerWithMemberAsync();

        var join = await api.JoinVoiceAsync(member, server.VoiceChannelId);

        Assert.Equal(2, join.IceServers.Count);
        Assert.Equal(["stun:turn.example.org:3478"], join.IceServers[0].Urls);
        Assert.Null(join.IceServers[0].Username);
        var turn = join.IceServers[1];
        Assert.Equal(["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"], turn.Urls);
        var parts = turn.Username!.Split(':');
        Assert.Equal(member.Id, parts[1]);
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[0], CultureInfo.InvariantCulture));
        Assert.InRange(expiry - DateTimeOffset.UtcNow, TimeSpan.FromHours(11), TimeSpan.FromHours(13));
#pragma warning disable CA5350 // coturn's TURN REST API is HMAC-SHA1
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(turn.Username)));
#pragma warning restore CA5350
        Assert.Equal(expected, turn.Credential);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Without_CONNECT_the_answer_is_403_missing_permission_and_carries_no_token(DatabaseKind database)
    {
        await using var api = await TogetherApiHost.StartAsync(database);
        var (_, member, server) = await api.CreateServerWithMemberAsync();
        await api.DenyEveryoneAsync(server, Permission.Connect);
        using var client = api.ClientFor(member.AccessToken);

        using var response = await client.PostAsync($"/api/channels/{server.VoiceChannelId}/voice/join", null);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.MissingPermission);
        Assert.DoesNotContain("token", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_timed_out_member_cannot_join_and_one_without_SPEAK_gets_a_token_that_may_not_speak()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var (_, member, server) = await api.CreateServerWithMemberAsync();
        await api.DenyEveryoneAsync(server, Permission.Speak);

        Assert.False(Claims((await api.JoinVoiceAsync(member, server.VoiceChannelId)).Token).GetProperty("speak").GetBoolean());

        await api.ExecuteAsync(async db =>
        {
            var row = await db.Members.SingleAsync(m => m.ServerId == server.LongId && m.UserId == member.LongId());
            row.TimeoutUntil = DateTimeOffset.UtcNow.AddHours(1);
            await db.SaveChangesAsync();
        });
        using var client = api.ClientFor(member.AccessToken);
        using var response = await client.PostAsync($"/api/channels/{server.VoiceChannelId}/voice/join", null);
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.MissingPermission);
    }

    [Fact]
    public async Task Text_channels_unknown_channels_strangers_and_anonymous_callers_get_no_token()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var (_, member, server) = await api.CreateServerWithMemberAsync();
        var stranger = await api.RegisterAsync();
        using var client = api.ClientFor(member.AccessToken);
        using var strangerClient = api.ClientFor(stranger.AccessToken);
        using var anonymous = api.CreateClient();

        using (var text = await client.PostAsync($"/api/channels/{server.TextChannelId}/voice/join", null))
        {
            await text.AssertProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.NotVoiceChannel);
        }

        using (var unknown = await client.PostAsync("/api/channels/123456789/voice/join", null))
        {
            await unknown.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        using (var notMember = await strangerClient.PostAsync($"/api/channels/{server.VoiceChannelId}/voice/join", null))
        {
            await notMember.AssertProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        using var unauthenticated = await anonymous.PostAsync($"/api/channels/{server.VoiceChannelId}/voice/join", null);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task A_full_channel_refuses_the_next_person_with_409_unless_they_may_move_members()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var (owner, member, server) = await api.CreateServerWithMemberAsync();
        var third = await api.RegisterAsync();
        await api.JoinAsync(server, third);
        var channelId = long.Parse(server.VoiceChannelId, CultureInfo.InvariantCulture);
        await api.ExecuteAsync(async db =>
        {
            (await db.Channels.SingleAsync(c => c.Id == channelId)).UserLimit = 1;
            db.VoiceStates.Add(new VoiceState
            {
                UserId = owner.LongId(), ServerId = server.LongId, ChannelId = channelId, NodeId = "test",
                LastSeenAt = DateTimeOffset.UtcNow, ChannelSince = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        });

        using var client = api.ClientFor(member.AccessToken);
        using (var full = await client.PostAsync($"/api/channels/{server.VoiceChannelId}/voice/join", null))
        {
            await full.AssertProblemAsync(HttpStatusCode.Conflict, ErrorCodes.VoiceChannelFull);
        }

        await api.GrantAsync(server, third, Permission.MoveMembers);
        await api.JoinVoiceAsync(third, server.VoiceChannelId);
        // The one already in counts, but not against themselves: rejoining is always possible.
        await api.JoinVoiceAsync(owner, server.VoiceChannelId);
    }

    [Fact]
    public async Task With_no_media_configuration_the_merged_node_announces_the_machines_interface_addresses_and_loopback()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var (_, member, server) = await api.CreateServerWithMemberAsync();
        var join = await api.JoinVoiceAsync(member, server.VoiceChannelId);
        var signaling = new UriBuilder(new Uri(api.BaseAddress, join.SignalingUrl)) { Scheme = "ws", Query = $"token={join.Token}" }.Uri;
        await using var client = await Together.Tests.Media.SignalingClient.ConnectAsync(signaling);

        await client.SendAsync("offer", new { sdp = Together.Tests.Media.Transport.Sdp.SdpTestData.Read("chromium-offer.sdp") });

        var answer = (await client.ReceiveOpAsync("answer")).GetProperty("d").GetProperty("sdp").GetString()!;
        var announced = answer.Split("\r\n").Where(line => line.StartsWith("a=candidate:", StringComparison.Ordinal) && line.Contains(" udp ", StringComparison.OrdinalIgnoreCase))
            .Select(line => line.Split(' ')[4]).ToHashSet();
        var own = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .Select(a => a.ToString());
        Assert.Contains("127.0.0.1", announced);
        Assert.All(own, address => Assert.Contains(address, announced));
    }

    private static JsonElement Claims(string token) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement;
}

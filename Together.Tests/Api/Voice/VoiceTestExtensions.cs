using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Together.Api.Features.Voice;
using Together.MediaNode.Probe;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api.Voice;

/// <summary>Joining voice as a client does: REST join, then the node's signalling with the token (a probe participant).</summary>
public static class VoiceTestExtensions
{
    public static async Task<VoiceJoinResponse> JoinVoiceAsync(this TogetherApiHost host, TestUser user, string channelId)
    {
        using var client = host.ClientFor(user.AccessToken);
        using var response = await client.PostAsync($"/api/channels/{channelId}/voice/join", null);
        return await response.ReadAsync<VoiceJoinResponse>(HttpStatusCode.OK);
    }

    /// <summary>Joins and connects a probe that sends a tone (so it speaks); it stays in until disposed.</summary>
    public static async Task<ProbeParticipant> ConnectVoiceAsync(this TogetherApiHost host, TestUser user, string channelId, bool tone = true)
    {
        var join = await host.JoinVoiceAsync(user, channelId);
        var signaling = new UriBuilder(new Uri(host.BaseAddress, join.SignalingUrl)) { Scheme = "ws" }.Uri;
        var (participant, failure) = await ProbeParticipant.JoinAsync(
            signaling, join.Token, new ProbeLatencyBook(), TimeProvider.System, TimeSpan.FromSeconds(15), decode: false,
            CancellationToken.None);
        Assert.True(participant is not null, $"{user.Username} could not join voice: {failure}");
        if (tone)
        {
            participant.StartTone(440);
        }

        return participant;
    }

    /// <summary>The next VOICE_STATE_UPDATE about <paramref name="user"/> that <paramref name="matches"/>, passing over others.</summary>
    public static async Task<JsonElement> VoiceStateAsync(this GatewayTestClient gateway, TestUser user, Func<JsonElement, bool> matches)
    {
        while (true)
        {
            var state = await gateway.SkipToEventAsync("VOICE_STATE_UPDATE");
            if (state.GetProperty("userId").GetString() == user.Id && matches(state))
            {
                return state;
            }
        }
    }

    public static string? ChannelOf(this JsonElement state) => state.GetProperty("channelId").GetString();

    public static bool Flag(this JsonElement state, string name) => state.GetProperty(name).GetBoolean();

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails with <paramref name="what"/> after the deadline.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    public static async Task PutOverwriteAsync(
        this TogetherApiHost host, TestUser actor, string channelId, string targetId, string type, ulong allow, ulong deny)
    {
        using var client = host.ClientFor(actor.AccessToken);
        using var response = await client.PutAsJsonAsync($"/api/channels/{channelId}/permissions/{targetId}",
            new { type, allow = allow.ToString(CultureInfo.InvariantCulture), deny = deny.ToString(CultureInfo.InvariantCulture) });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Together.MediaNode.Probe;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Integration;

namespace Together.Tests.Api.Voice;

/// <summary>
/// The distributed shape: the media node as its own process, reporting to the Api over HTTP, the Api ordering it over
/// its control API, both with the shared key; voice states go when the node does.
/// </summary>
public sealed class DistributedVoiceTests
{
    [Fact]
    public async Task A_separate_node_reports_joins_takes_a_server_mute_and_its_voice_states_go_when_it_does()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var apiPort = FreePorts.Tcp();
        var node = await StandaloneMediaNode.StartAsync(new Dictionary<string, string>
        {
            ["Media__TokenPublicKey"] = key.ExportSubjectPublicKeyInfoPem(),
            ["Media__ReportUrl"] = $"http://127.0.0.1:{apiPort}/api/internal/media/reports",
            ["Media__ReportInterval"] = "00:00:01",
        });
        var nodeRunning = true;
        try
        {
            await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
            {
                ["urls"] = $"http://127.0.0.1:{apiPort}",
                ["Voice:SigningKey"] = key.ExportPkcs8PrivateKeyPem(),
                ["Media:InProcess"] = "false",
                ["Media:ControlUrl"] = node.HttpBase.ToString(),
                ["Media:ControlApiKey"] = StandaloneMediaNode.ControlKey,
                ["Media:SignalingUrl"] = $"ws://127.0.0.1:{node.HttpBase.Port}/media/ws",
                ["Media:ReportInterval"] = "00:00:01",
            });
            var (owner, member, server) = await api.CreateServerWithMemberAsync();
            await using var watcher = await GatewayTestClient.ConnectAsync(api, owner.AccessToken);

            var join = await api.JoinVoiceAsync(member, server.VoiceChannelId);
            Assert.StartsWith("ws://127.0.0.1:", join.SignalingUrl, StringComparison.Ordinal);
            var (participant, failure) = await ProbeParticipant.JoinAsync(
                new Uri(join.SignalingUrl), join.Token, new ProbeLatencyBook(), TimeProvider.System, TimeSpan.FromSeconds(15), false,
                CancellationToken.None);
            Assert.True(participant is not null, $"could not join the node: {failure}");
            await using var memberVoice = participant;
            Assert.Equal(server.VoiceChannelId, (await watcher.VoiceStateAsync(member, state => state.ChannelOf() is not null)).ChannelOf());

            using var moderator = api.ClientFor(owner.AccessToken);
            using (var mute = await moderator.PatchAsJsonAsync($"/api/servers/{server.Id}/voice-states/{member.Id}", new { mute = true }))
            {
                Assert.Equal(HttpStatusCode.NoContent, mute.StatusCode);
            }

            Assert.True((await watcher.VoiceStateAsync(member, state => state.Flag("mute"))).Flag("mute"));
            using var control = new HttpClient { BaseAddress = node.HttpBase };
            control.DefaultRequestHeaders.Add("X-Media-Control-Key", StandaloneMediaNode.ControlKey);
            var room = await control.GetFromJsonAsync<System.Text.Json.JsonElement>($"/media/control/rooms/{server.VoiceChannelId}");
            Assert.True(room.GetProperty("participants")[0].GetProperty("serverMuted").GetBoolean());

            using (var forged = new HttpClient { BaseAddress = api.BaseAddress })
            using (var refused = await forged.PostAsJsonAsync("/api/internal/media/reports", new { nodeId = "x", events = Array.Empty<object>() }))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            nodeRunning = false;
            await node.DisposeAsync();

            Assert.Null((await watcher.VoiceStateAsync(member, state => state.ChannelOf() is null)).ChannelOf());
            Assert.Equal(0, await api.QueryAsync(db => Task.FromResult(db.VoiceStates.Count())));
        }
        finally
        {
            if (nodeRunning)
            {
            await node.DisposeAsync();
            }
        }
    }
}

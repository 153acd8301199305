using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Together.MediaNode.Signaling;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Transport.Sdp;

namespace Together.Tests.Media;

/// <summary>The merged process: the Api's voice-token issuer and its in-process media node share one contract and key.</summary>
public sealed class MergedVoiceTokenTests
{
    [Fact]
    public async Task A_token_from_the_Apis_issuer_joins_its_in_process_node_and_the_key_survives_a_restart()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var issuer = api.Services.GetRequiredService<VoiceTokenIssuer>();
        var signaling = new UriBuilder(api.BaseAddress)
        {
            Scheme = "ws", Path = SignalingApi.Path, Query = $"token={issuer.Issue("alice", "lobby")}",
        }.Uri;
        await using var client = await SignalingClient.ConnectAsync(signaling);

        await client.SendAsync("offer", new { sdp = SdpTestData.Read("chromium-offer.sdp") });

        Assert.StartsWith("v=0", (await client.ReceiveOpAsync("answer")).GetProperty("d").GetProperty("sdp").GetString(), StringComparison.Ordinal);
        var keyFile = Path.Combine(api.DataDirectory, "keys", "voice-token.pem");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, new FileInfo(keyFile).UnixFileMode);
        await using var replica = api.StartReplica();
        Assert.Equal(issuer.PublicKeyPem, replica.Services.GetRequiredService<VoiceTokenIssuer>().PublicKeyPem);
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }
}

using System.Net.WebSockets;
using Together.MediaNode.Signaling;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Transport;
using Together.Tests.Media.Transport.Sdp;

namespace Together.Tests.Media.Signaling;

/// <summary>
/// A session's queues are bounded like the gateway's: a client that floods is closed, one that stops reading is cut
/// off and leaves its room, each with a warning in the log, never by holding memory without end.
/// </summary>
public sealed class SignalingQueueBoundsTests
{
    [Fact]
    public async Task A_client_that_floods_is_closed_with_too_many_messages()
    {
        var logs = new CapturedLogs();
        await using var node = await MediaNodeTestHost.StartAsync(logs: logs);
        await using var client = await SignalingClient.ConnectAsync(node.SignalingUri(node.Tokens.Issue("flooder", "room")));

        for (var i = 0; i < SignalingRateLimit.Burst * 3; i++)
        {
            await client.SendAsync("candidate", new { candidate = "", sdpMid = "0" });
        }

        var codes = new List<string>();
        while (await client.ReceiveAsync() is { } message)
        {
            codes.Add(message.GetProperty("d").GetProperty("code").GetString()!);
        }

        Assert.Equal(["too_many_messages"], codes);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Socket.CloseStatus);
        Assert.True(logs.Contains("Voice signalling for user flooder closed for flooding"), string.Join("\n", logs.Entries));
    }

    [Fact]
    public async Task A_client_sending_at_a_human_pace_is_never_limited()
    {
        await using var node = await MediaNodeTestHost.StartAsync();
        await using var client = await SignalingClient.ConnectAsync(node.SignalingUri(node.Tokens.Issue("alice", "room")));
        await client.SendAsync("offer", new { sdp = SdpTestData.Read("chromium-offer.sdp") });
        await client.ReceiveOpAsync("answer");

        // The offer, the mute changes and the leave: exactly one burst.
        for (var i = 0; i < SignalingRateLimit.Burst - 2; i++)
        {
            await client.SendAsync("mute", new { muted = i % 2 == 0 });
        }

        await client.SendAsync("leave");
        var ops = new List<string>();
        while (await client.ReceiveAsync() is { } message)
        {
            ops.Add(message.GetProperty("op").GetString()!);
        }

        Assert.DoesNotContain("error", ops);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task A_client_that_never_reads_is_cut_off_and_leaves_its_room()
    {
        var logs = new CapturedLogs();
        await using var node = await MediaNodeTestHost.StartAsync(logs: logs);
        var user = "sleeper-" + new string('z', 200);
        await using var client = await SignalingClient.ConnectAsync(node.SignalingUri(node.Tokens.Issue(user, "room")));
        await client.SendAsync("offer", new { sdp = SdpTestData.Read("chromium-offer.sdp") });
        await Eventually.TrueAsync(() => node.Rooms.Find("room") is not null, TimeSpan.FromSeconds(10), "the client joined");
        var room = node.Rooms.Find("room")!;

        // Every server-mute change sends the participant list to the client, which reads none of it.
        var changes = 0;
        while (node.Rooms.Find("room") is not null && changes < 200_000)
        {
            room.SetServerMuted(user, changes++ % 2 == 0);
            if (changes % 500 == 0)
            {
                await Task.Delay(1);
            }
        }

        await Eventually.TrueAsync(() => node.Rooms.Find("room") is null, TimeSpan.FromSeconds(10), "the sleeper left the room");
        Assert.True(logs.Contains($"{SignalingSession.MaxQueuedOutgoing} messages waiting and the client does not read them"),
            string.Join("\n", logs.Entries));
    }
}

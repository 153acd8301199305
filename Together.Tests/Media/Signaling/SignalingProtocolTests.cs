using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Together.MediaNode.Transport.Sdp;

namespace Together.Tests.Media.Signaling;

public sealed class SignalingProtocolTests : IAsyncLifetime
{
    private MediaNodeTestHost _node = null!;

    public async Task InitializeAsync() => _node = await MediaNodeTestHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    public async Task A_bad_token_gets_an_error_then_a_policy_close(string token)
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(token));

        var error = await client.ReceiveOpAsync("error");
        Assert.Equal("invalid_token", error.GetProperty("d").GetProperty("code").GetString());
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task A_token_cannot_be_used_twice()
    {
        var token = _node.Tokens.Issue("alice", "room");
        await using (await SignalingClient.ConnectAsync(_node.SignalingUri(token)))
        {
        }

        await using var replay = await SignalingClient.ConnectAsync(_node.SignalingUri(token));

        var error = await replay.ReceiveOpAsync("error");
        Assert.Equal("token already used", error.GetProperty("d").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_a_reason()
    {
        var token = _node.Tokens.Forge("alice", "room", expires: DateTimeOffset.UtcNow.AddMinutes(-1));
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(token));

        var error = await client.ReceiveOpAsync("error");
        Assert.Equal("token expired", error.GetProperty("d").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{not json", "bad_message")]
    [InlineData("[1,2,3]", "bad_message")]
    [InlineData("{\"op\":42}", "bad_message")]
    [InlineData("{\"op\":\"dance\",\"d\":{}}", "unknown_op")]
    [InlineData("{\"op\":\"offer\",\"d\":{}}", "bad_message")]
    [InlineData("{\"op\":\"offer\",\"d\":{\"sdp\":7}}", "bad_message")]
    [InlineData("{\"op\":\"mute\",\"d\":{\"muted\":\"yes\"}}", "bad_message")]
    [InlineData("{\"op\":\"mute\",\"d\":{\"muted\":true}}", "wrong_state")]
    [InlineData("{\"op\":\"answer\",\"d\":{\"sdp\":\"v=0\"}}", "wrong_state")]
    public async Task A_bad_message_gets_an_error_and_the_connection_stays_usable(string message, string code)
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "room")));

        await client.SendRawAsync(message);
        var error = await client.ReceiveOpAsync("error");
        Assert.Equal(code, error.GetProperty("d").GetProperty("code").GetString());

        await client.SendRawAsync("{\"op\":\"dance\"}");
        Assert.Equal("unknown_op", (await client.ReceiveOpAsync("error")).GetProperty("d").GetProperty("code").GetString());
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Theory]
    [InlineData("v=0\r\nthis is not sdp")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")]
    public async Task An_unusable_offer_gets_bad_sdp_and_the_client_may_offer_again(string sdp)
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "room")));

        await client.SendAsync("offer", new { sdp });
        Assert.Equal("bad_sdp", (await client.ReceiveOpAsync("error")).GetProperty("d").GetProperty("code").GetString());

        await client.SendAsync("offer", new { sdp = Transport.Sdp.SdpTestData.Read("chromium-offer.sdp") });
        var answer = (await client.ReceiveOpAsync("answer")).GetProperty("d").GetProperty("sdp").GetString()!;
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_client_offer_is_answered_on_the_same_transport()
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "room")));
        var offer = Transport.Sdp.SdpTestData.Read("chromium-offer.sdp");
        await client.SendAsync("offer", new { sdp = offer });
        var first = SessionDescription.Parse(await ReceiveSdpAsync(client, "answer"));

        await client.SendAsync("offer", new { sdp = offer.Replace(" 2 IN IP4", " 3 IN IP4", StringComparison.Ordinal) });
        var second = SessionDescription.Parse(await ReceiveSdpAsync(client, "answer"));

        Assert.Equal(first.Media[0].GetAttribute("ice-ufrag"), second.Media[0].GetAttribute("ice-ufrag"));
        Assert.Equal(first.Media[0].GetAttribute("fingerprint"), second.Media[0].GetAttribute("fingerprint"));
        Assert.Equal(VersionOf(first) + 1, VersionOf(second));
        Assert.Equal(1, _node.Rooms.Find("room")!.Count);
    }

    [Fact]
    public async Task An_ice_restart_is_declined_and_the_session_goes_on()
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "room")));
        var offer = Transport.Sdp.SdpTestData.Read("chromium-offer.sdp");
        await client.SendAsync("offer", new { sdp = offer });
        await client.ReceiveOpAsync("answer");

        await client.SendAsync("offer", new
        {
            sdp = offer.Replace("a=ice-ufrag:LXOq", "a=ice-ufrag:Rst1", StringComparison.Ordinal)
                .Replace("a=ice-pwd:uXIr1f/v9pyd1N9y8tNZ1wrF", "a=ice-pwd:RestartedPassword0123456", StringComparison.Ordinal),
        });

        Assert.Equal("ice_restart_unsupported", (await client.ReceiveOpAsync("error")).GetProperty("d").GetProperty("code").GetString());
        await client.SendAsync("offer", new { sdp = offer });
        Assert.Contains("a=ice-ufrag:", await ReceiveSdpAsync(client, "answer"), StringComparison.Ordinal);
        Assert.Equal(1, _node.Rooms.Find("room")!.Count);
    }

    [Fact]
    public async Task A_client_offer_crossing_a_node_offer_is_declined_as_glare_then_answered_with_the_announced_stream()
    {
        var offer = Transport.Sdp.SdpTestData.Read("chromium-offer.sdp");
        await using var alice = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "room")));
        await alice.SendAsync("offer", new { sdp = offer });
        await alice.ReceiveOpAsync("answer");
        await using var bob = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("bob", "room")));
        await bob.SendAsync("offer", new { sdp = offer });
        await bob.ReceiveOpAsync("answer");
        var nodeOffer = SessionDescription.Parse(await ReceiveSdpAsync(alice, "offer"));
        var bobSsrc = Assert.Single(nodeOffer.Media[1].GetSsrcs());

        await alice.SendAsync("offer", new { sdp = offer });
        Assert.Equal("glare", (await alice.ReceiveOpAsync("error")).GetProperty("d").GetProperty("code").GetString());

        var answer = AnswerWithOneSlot(nodeOffer.Media[1].Mid!);
        await alice.SendAsync("answer", new { sdp = answer });
        await alice.SendAsync("offer", new { sdp = answer.Replace("a=setup:active", "a=setup:actpass", StringComparison.Ordinal) });
        var reanswer = SessionDescription.Parse(await ReceiveSdpAsync(alice, "answer"));

        Assert.Equal([SdpDirection.SendRecv, SdpDirection.SendOnly], reanswer.Media.Select(media => media.Direction));
        Assert.Equal([bobSsrc], reanswer.Media[1].GetSsrcs());
        Assert.Equal(nodeOffer.Media[1].GetAttribute("msid"), reanswer.Media[1].GetAttribute("msid"));
    }

    /// <summary>Chromium's stored answer to a two-speaker node offer, cut down to the one slot the node offered here.</summary>
    private static string AnswerWithOneSlot(string mid)
    {
        var stored = Transport.Sdp.SdpTestData.Read("chromium-answer-to-node-offer-1.sdp");
        var lastSection = stored.LastIndexOf("m=audio", StringComparison.Ordinal);
        return stored[..lastSection]
            .Replace("a=group:BUNDLE 0 s1 s2", $"a=group:BUNDLE 0 {mid}", StringComparison.Ordinal)
            .Replace("a=mid:s1", $"a=mid:{mid}", StringComparison.Ordinal);
    }

    private static async Task<string> ReceiveSdpAsync(SignalingClient client, string op) =>
        (await client.ReceiveOpAsync(op)).GetProperty("d").GetProperty("sdp").GetString()!;

    private static ulong VersionOf(SessionDescription sdp) =>
        ulong.Parse(sdp.Lines.Single(line => line.Type == 'o').Value.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_full_room_refuses_the_next_offer_without_an_answer()
    {
        await using var node = await MediaNodeTestHost.StartAsync(o => o.MaxParticipantsPerRoom = 1);
        var offer = Transport.Sdp.SdpTestData.Read("chromium-offer.sdp");
        await using var first = await SignalingClient.ConnectAsync(node.SignalingUri(node.Tokens.Issue("alice", "room")));
        await first.SendAsync("offer", new { sdp = offer });
        await first.ReceiveOpAsync("answer");

        await using var second = await SignalingClient.ConnectAsync(node.SignalingUri(node.Tokens.Issue("bob", "room")));
        await second.SendAsync("offer", new { sdp = offer });

        var ops = new List<string>();
        while (await second.ReceiveAsync() is { } message)
        {
            ops.Add(message.GetProperty("op").GetString() + ":" + (message.GetProperty("d").TryGetProperty("code", out var code) ? code.GetString() : ""));
        }

        Assert.Equal(["error:room_full"], ops);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, second.Socket.CloseStatus);
    }

    [Fact]
    public async Task A_binary_frame_is_refused()
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "room")));

        await client.SendRawAsync("{\"op\":\"leave\"}", WebSocketMessageType.Binary);

        Assert.Equal("bad_message", (await client.ReceiveOpAsync("error")).GetProperty("d").GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_oversized_message_is_refused_and_the_connection_closed()
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "room")));

        await client.SendAsync("offer", new { sdp = new string('a', 70 * 1024) });

        var error = await client.ReceiveOpAsync("error");
        Assert.Equal("message_too_large", error.GetProperty("d").GetProperty("code").GetString());
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task Repeated_abuse_closes_the_connection()
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "room")));

        for (var i = 0; i < 10; i++)
        {
            await client.SendRawAsync("{\"op\":\"dance\"}");
        }

        var codes = new List<string>();
        while (await client.ReceiveAsync() is { } message)
        {
            codes.Add(message.GetProperty("d").GetProperty("code").GetString()!);
        }

        Assert.Equal("too_many_errors", codes[^1]);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task Leave_closes_normally()
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri(_node.Tokens.Issue("alice", "room")));

        await client.SendAsync("leave");

        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task A_plain_http_request_is_told_what_the_endpoint_is()
    {
        using var http = _node.CreateControlClient(null);

        var response = await http.GetAsync(new Uri("/media/ws", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Errors_are_the_documented_envelope()
    {
        await using var client = await SignalingClient.ConnectAsync(_node.SignalingUri("x"));

        var error = await client.ReceiveOpAsync("error");

        Assert.Equal(JsonValueKind.String, error.GetProperty("d").GetProperty("message").ValueKind);
        Assert.Equal(["op", "d"], error.EnumerateObject().Select(p => p.Name));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Together.MediaNode.Sfu;
using Together.Tests.Media.Sfu;

namespace Together.Tests.Media.Control;

public sealed class ControlApiTests : IAsyncLifetime
{
    private MediaNodeTestHost _node = null!;

    public async Task InitializeAsync() => _node = await MediaNodeTestHost.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private RecordingSignals Join(string userId, string roomId = "voice-1")
    {
        var signals = new RecordingSignals();
        Assert.NotNull(_node.Rooms.TryJoin(roomId, userId, true, SfuFixture.ChromeRtp, new RecordingLink(), signals));
        return signals;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-wrong-key-wrong")]
    public async Task Calls_without_the_control_key_are_refused(string? key)
    {
        using var http = _node.CreateControlClient(key);

        var response = await http.GetAsync(new Uri("/media/control/rooms", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Rooms_list_who_is_where()
    {
        Join("alice");
        Join("bob");
        Join("carol", "voice-2");
        using var http = _node.CreateControlClient();

        var rooms = await http.GetFromJsonAsync<JsonElement>(new Uri("/media/control/rooms", UriKind.Relative));

        var byRoom = rooms.EnumerateArray().ToDictionary(
            r => r.GetProperty("roomId").GetString()!,
            r => r.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("userId").GetString()!).Order().ToArray());
        Assert.Equal(["alice", "bob"], byRoom["voice-1"]);
        Assert.Equal(["carol"], byRoom["voice-2"]);
    }

    [Fact]
    public async Task Server_mute_and_deafen_change_the_participants_state()
    {
        Join("alice");
        var bob = Join("bob");
        using var http = _node.CreateControlClient();

        var mute = await http.PostAsJsonAsync(new Uri("/media/control/rooms/voice-1/participants/alice/mute", UriKind.Relative), new { muted = true });
        var deafen = await http.PostAsJsonAsync(new Uri("/media/control/rooms/voice-1/participants/alice/deafen", UriKind.Relative), new { deafened = true });

        Assert.Equal(HttpStatusCode.NoContent, mute.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deafen.StatusCode);
        var alice = Assert.Single(bob.Participants, p => p.UserId == "alice");
        Assert.True(alice.Muted);
        Assert.True(alice.Deafened);
        var room = await http.GetFromJsonAsync<JsonElement>(new Uri("/media/control/rooms/voice-1", UriKind.Relative));
        var state = room.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("userId").GetString() == "alice");
        Assert.True(state.GetProperty("serverMuted").GetBoolean());
        Assert.False(state.GetProperty("selfMuted").GetBoolean());
    }

    [Fact]
    public async Task Move_disconnects_with_the_target_room_so_the_client_can_rejoin_there()
    {
        var alice = Join("alice");
        using var http = _node.CreateControlClient();

        var response = await http.PostAsJsonAsync(
            new Uri("/media/control/rooms/voice-1/participants/alice/move", UriKind.Relative), new { toRoomId = "voice-7" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new RemovalReason("moved", RemovalReason.MovedTo("voice-7").Message, "voice-7"), alice.RemovedBecause);
        Assert.Null(_node.Rooms.Find("voice-1"));
    }

    [Fact]
    public async Task Disconnect_removes_the_participant()
    {
        var alice = Join("alice");
        Join("bob");
        using var http = _node.CreateControlClient();

        var response = await http.DeleteAsync(new Uri("/media/control/rooms/voice-1/participants/alice", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("disconnected", alice.RemovedBecause!.Code);
        Assert.Equal(1, _node.Rooms.Find("voice-1")!.Count);
    }

    [Theory]
    [InlineData("/media/control/rooms/nowhere", "GET")]
    [InlineData("/media/control/rooms/voice-1/participants/ghost", "DELETE")]
    public async Task Unknown_rooms_and_users_are_404(string path, string method)
    {
        Join("alice");
        using var http = _node.CreateControlClient();

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_move_without_a_target_is_a_400()
    {
        Join("alice");
        using var http = _node.CreateControlClient();

        var response = await http.PostAsJsonAsync(
            new Uri("/media/control/rooms/voice-1/participants/alice/move", UriKind.Relative), new { toRoomId = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, _node.Rooms.Find("voice-1")!.Count);
    }

    [Fact]
    public async Task A_node_without_a_control_key_has_no_control_api()
    {
        await using var node = await MediaNodeTestHost.StartAsync(o => o.ControlApiKey = null);
        using var http = node.CreateControlClient();

        var response = await http.GetAsync(new Uri("/media/control/rooms", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

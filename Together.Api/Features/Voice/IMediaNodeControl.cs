using System.Net;
using Microsoft.Extensions.Options;
using Together.MediaNode.Control;
using Together.MediaNode.Sfu;

namespace Together.Api.Features.Voice;

/// <summary>
/// The Api's orders to the media node, taking effect at once: each returns false when the user is not in that room
/// on the node. Two transports, one contract: the node in this process (<see cref="InProcessMediaNodeControl"/>), or
/// a separate node's control API (<see cref="HttpMediaNodeControl"/>).
/// </summary>
public interface IMediaNodeControl
{
    Task<bool> SetServerMutedAsync(string roomId, string userId, bool muted, CancellationToken cancellationToken);

    Task<bool> SetServerDeafenedAsync(string roomId, string userId, bool deafened, CancellationToken cancellationToken);

    Task<bool> SetCanSpeakAsync(string roomId, string userId, bool canSpeak, CancellationToken cancellationToken);

    Task<bool> SetSelfStateAsync(string roomId, string userId, bool? muted, bool? deafened, CancellationToken cancellationToken);

    Task<bool> MoveAsync(string roomId, string userId, string toRoomId, CancellationToken cancellationToken);

    Task<bool> DisconnectAsync(string roomId, string userId, CancellationToken cancellationToken);
}

public sealed class InProcessMediaNodeControl(SfuRooms rooms) : IMediaNodeControl
{
    public Task<bool> SetServerMutedAsync(string roomId, string userId, bool muted, CancellationToken cancellationToken) =>
        Task.FromResult(rooms.Find(roomId)?.SetServerMuted(userId, muted) == true);

    public Task<bool> SetServerDeafenedAsync(string roomId, string userId, bool deafened, CancellationToken cancellationToken) =>
        Task.FromResult(rooms.Find(roomId)?.SetServerDeafened(userId, deafened) == true);

    public Task<bool> SetCanSpeakAsync(string roomId, string userId, bool canSpeak, CancellationToken cancellationToken) =>
        Task.FromResult(rooms.Find(roomId)?.SetCanSpeak(userId, canSpeak) == true);

    public Task<bool> SetSelfStateAsync(string roomId, string userId, bool? muted, bool? deafened, CancellationToken cancellationToken) =>
        Task.FromResult(rooms.Find(roomId)?.SetSelfState(userId, muted, deafened) == true);

    public Task<bool> MoveAsync(string roomId, string userId, string toRoomId, CancellationToken cancellationToken) =>
        Task.FromResult(rooms.Find(roomId)?.Remove(userId, RemovalReason.MovedTo(toRoomId)) == true);

    public Task<bool> DisconnectAsync(string roomId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(rooms.Find(roomId)?.Remove(userId, RemovalReason.Disconnected) == true);
}

/// <summary>A separate node's control API (<c>/media/control</c>), authenticated with <c>Media:ControlApiKey</c>.</summary>
public sealed class HttpMediaNodeControl(HttpClient http, IOptions<VoiceOptions> options) : IMediaNodeControl
{
    public Task<bool> SetServerMutedAsync(string roomId, string userId, bool muted, CancellationToken cancellationToken) =>
        PostAsync(Participant(roomId, userId, "mute"), new ServerMuteRequest(muted), cancellationToken);

    public Task<bool> SetServerDeafenedAsync(string roomId, string userId, bool deafened, CancellationToken cancellationToken) =>
        PostAsync(Participant(roomId, userId, "deafen"), new ServerDeafenRequest(deafened), cancellationToken);

    public Task<bool> SetCanSpeakAsync(string roomId, string userId, bool canSpeak, CancellationToken cancellationToken) =>
        PostAsync(Participant(roomId, userId, "speak"), new SpeakRequest(canSpeak), cancellationToken);

    public Task<bool> SetSelfStateAsync(string roomId, string userId, bool? muted, bool? deafened, CancellationToken cancellationToken) =>
        PostAsync(Participant(roomId, userId, "self"), new SelfStateRequest(muted, deafened), cancellationToken);

    public Task<bool> MoveAsync(string roomId, string userId, string toRoomId, CancellationToken cancellationToken) =>
        PostAsync(Participant(roomId, userId, "move"), new MoveRequest(toRoomId), cancellationToken);

    public Task<bool> DisconnectAsync(string roomId, string userId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, Participant(roomId, userId, null)), cancellationToken);

    private Task<bool> PostAsync<T>(Uri url, T body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) }, cancellationToken);

    private async Task<bool> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Add(ControlApi.KeyHeader, options.Value.ControlApiKey);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            response.EnsureSuccessStatusCode();
            return true;
        }
    }

    private Uri Participant(string roomId, string userId, string? action)
    {
        var path = $"{ControlApi.Prefix}/rooms/{Uri.EscapeDataString(roomId)}/participants/{Uri.EscapeDataString(userId)}";
        return new Uri(new Uri(options.Value.ControlUrl!), action is null ? path : $"{path}/{action}");
    }
}

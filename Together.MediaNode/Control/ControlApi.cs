using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Together.MediaNode.Sfu;

namespace Together.MediaNode.Control;

/// <summary>
/// The Api's handle on the node: list rooms, server mute/deafen, move and disconnect. Every call carries
/// <see cref="KeyHeader"/>; a node without a configured key does not map these routes at all.
/// </summary>
public static class ControlApi
{
    public const string KeyHeader = "X-Media-Control-Key";
    public const string Prefix = "/media/control";

    public static RouteGroupBuilder MapControlApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithTags("Media control").AddEndpointFilter(RequireControlKey);
        group.MapGet("/rooms", ListRooms).WithSummary("Rooms on this node and who is in them");
        group.MapGet("/rooms/{roomId}", GetRoom).WithSummary("One room and who is in it");
        group.MapPost("/rooms/{roomId}/participants/{userId}/mute", ServerMute).WithSummary("Server-mute or unmute a participant");
        group.MapPost("/rooms/{roomId}/participants/{userId}/deafen", ServerDeafen).WithSummary("Server-deafen or undeafen a participant");
        group.MapPost("/rooms/{roomId}/participants/{userId}/speak", AllowSpeaking)
            .WithSummary("Grant or revoke speaking (the SPEAK permission changed mid-call)");
        group.MapPost("/rooms/{roomId}/participants/{userId}/self", SetSelfState)
            .WithSummary("Set a participant's own mute and deafen, as their client would (the gateway's UpdateVoiceState)");
        group.MapPost("/rooms/{roomId}/participants/{userId}/move", Move)
            .WithSummary("Disconnect a participant with reason 'moved'; the client rejoins the target room with a new token");
        group.MapDelete("/rooms/{roomId}/participants/{userId}", Disconnect).WithSummary("Disconnect a participant");
        return group;
    }

    private static async ValueTask<object?> RequireControlKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<MediaNodeOptions>>().Value.ControlApiKey;
        var presented = context.HttpContext.Request.Headers[KeyHeader].ToString();
        if (string.IsNullOrEmpty(expected)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized, title: $"Missing or wrong {KeyHeader} header.");
        }

        return await next(context);
    }

    private static Ok<RoomSummary[]> ListRooms(SfuRooms rooms) =>
        TypedResults.Ok(rooms.All.Select(Summarize).Where(r => r.Participants.Count > 0).ToArray());

    private static Results<Ok<RoomSummary>, ProblemHttpResult> GetRoom(string roomId, SfuRooms rooms) =>
        rooms.Find(roomId) is { } room ? TypedResults.Ok(Summarize(room)) : RoomNotFound(roomId);

    private static Results<NoContent, ProblemHttpResult> ServerMute(
        string roomId, string userId, ServerMuteRequest request, SfuRooms rooms) =>
        rooms.Find(roomId)?.SetServerMuted(userId, request.Muted) == true ? TypedResults.NoContent() : ParticipantNotFound(roomId, userId);

    private static Results<NoContent, ProblemHttpResult> ServerDeafen(
        string roomId, string userId, ServerDeafenRequest request, SfuRooms rooms) =>
        rooms.Find(roomId)?.SetServerDeafened(userId, request.Deafened) == true ? TypedResults.NoContent() : ParticipantNotFound(roomId, userId);

    private static Results<NoContent, ProblemHttpResult> AllowSpeaking(
        string roomId, string userId, SpeakRequest request, SfuRooms rooms) =>
        rooms.Find(roomId)?.SetCanSpeak(userId, request.Allowed) == true ? TypedResults.NoContent() : ParticipantNotFound(roomId, userId);

    private static Results<NoContent, ProblemHttpResult> SetSelfState(
        string roomId, string userId, SelfStateRequest request, SfuRooms rooms) =>
        rooms.Find(roomId)?.SetSelfState(userId, request.Muted, request.Deafened) == true
            ? TypedResults.NoContent()
            : ParticipantNotFound(roomId, userId);

    private static Results<NoContent, ProblemHttpResult> Move(string roomId, string userId, MoveRequest request, SfuRooms rooms)
    {
        if (string.IsNullOrWhiteSpace(request.ToRoomId) || request.ToRoomId.Length > 256)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "toRoomId is required.");
        }

        return rooms.Find(roomId)?.Remove(userId, RemovalReason.MovedTo(request.ToRoomId)) == true
            ? TypedResults.NoContent()
            : ParticipantNotFound(roomId, userId);
    }

    private static Results<NoContent, ProblemHttpResult> Disconnect(string roomId, string userId, SfuRooms rooms) =>
        rooms.Find(roomId)?.Remove(userId, RemovalReason.Disconnected) == true ? TypedResults.NoContent() : ParticipantNotFound(roomId, userId);

    private static RoomSummary Summarize(Room room) =>
        new(room.Id, room.Describe()
            .Select(p => new ParticipantSummary(
                p.UserId,
                p.State.SelfMuted,
                p.State.SelfDeafened,
                p.State.ServerMuted,
                p.State.ServerDeafened,
                p.Speaking,
                p.PacketsLost,
                p.Jitter?.TotalMilliseconds,
                p.RoundTripTime?.TotalMilliseconds))
            .ToArray());

    private static ProblemHttpResult RoomNotFound(string roomId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No one is in room '{roomId}' on this node.");

    private static ProblemHttpResult ParticipantNotFound(string roomId, string userId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"User '{userId}' is not in room '{roomId}' on this node.");
}

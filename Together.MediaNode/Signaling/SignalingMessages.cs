using System.Text.Json;
using System.Text.Json.Serialization;
using Together.MediaNode.Sfu;

namespace Together.MediaNode.Signaling;

/// <summary>The node-to-client messages of DESIGN §6, each serialised as <c>{op, d}</c>.</summary>
public static class SignalingMessages
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static byte[] Answer(string sdp) => Serialize("answer", new SdpPayload(sdp));

    public static byte[] Offer(string sdp) => Serialize("offer", new SdpPayload(sdp));

    public static byte[] Participants(IReadOnlyList<ParticipantState> participants) =>
        Serialize("participants", participants);

    public static byte[] Speaking(string userId, bool speaking) => Serialize("speaking", new SpeakingPayload(userId, speaking));

    public static byte[] Error(string code, string message) => Serialize("error", new ErrorPayload(code, message));

    public static byte[] Removed(RemovalReason reason) =>
        Serialize("error", new ErrorPayload(reason.Code, reason.Message, reason.MovedToRoomId));

    private static byte[] Serialize<T>(string op, T data) =>
        JsonSerializer.SerializeToUtf8Bytes(new Envelope<T>(op, data), Json);

    private sealed record Envelope<T>(string Op, T D);

    private sealed record SdpPayload(string Sdp);

    private sealed record SpeakingPayload(string UserId, bool Speaking);

    private sealed record ErrorPayload(
        string Code,
        string Message,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RoomId = null);
}

/// <summary>Stable error codes a client can act on.</summary>
public static class SignalingErrorCodes
{
    public const string InvalidToken = "invalid_token";
    public const string RoomFull = "room_full";
    public const string BadMessage = "bad_message";
    public const string UnknownOp = "unknown_op";
    public const string MessageTooLarge = "message_too_large";
    public const string BadSdp = "bad_sdp";
    public const string WrongState = "wrong_state";

    /// <summary>A client offer crossed a node offer: apply the node's offer (rolling yours back), answer it, then re-offer.</summary>
    public const string Glare = "glare";

    /// <summary>A client offer with new ICE credentials: roll it back; the session goes on unchanged.</summary>
    public const string IceRestartUnsupported = "ice_restart_unsupported";
    public const string TooManyErrors = "too_many_errors";

    /// <summary>More messages than <see cref="SignalingRateLimit"/> allows, or than wait for processing: a flood.</summary>
    public const string TooManyMessages = "too_many_messages";
}

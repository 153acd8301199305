using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.Voice;

/// <summary>
/// What a client needs to join a voice channel: a voice token (ES256, single use, ≤ 60 s), the signalling WebSocket
/// to open with <c>?token=</c> (a path is relative to the origin the client used), and ICE servers for
/// <c>RTCPeerConnection</c>.
/// </summary>
public sealed record VoiceJoinResponse(string Token, string SignalingUrl, IReadOnlyList<IceServerDto> IceServers);

/// <summary>The voice doctor's verdict and its printed lines (one <c>ok</c>/<c>FAIL</c>/<c>info</c> per step, with the fix).</summary>
public sealed record VoiceDoctorReport(bool Passed, string Output);

/// <summary>An <c>RTCIceServer</c>: STUN without credentials, TURN with time-limited ones.</summary>
public sealed record IceServerDto(
    IReadOnlyList<string> Urls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credential);

/// <summary>
/// A user in a voice channel (VOICE_STATE_UPDATE, READY): <c>channelId</c> null means they left. <c>mute</c> and
/// <c>deaf</c> are a moderator's, <c>selfMute</c>/<c>selfDeaf</c> their own, <c>suppress</c> = no SPEAK there,
/// <c>speaking</c> live from the media node.
/// </summary>
[MessagePackObject]
public sealed record VoiceStateDto(
    [property: MessagePackKey("serverId")] string ServerId,
    [property: MessagePackKey("channelId")] string? ChannelId,
    [property: MessagePackKey("userId")] string UserId,
    [property: MessagePackKey("selfMute")] bool SelfMute,
    [property: MessagePackKey("selfDeaf")] bool SelfDeaf,
    [property: MessagePackKey("mute")] bool Mute,
    [property: MessagePackKey("deaf")] bool Deaf,
    [property: MessagePackKey("suppress")] bool Suppress,
    [property: MessagePackKey("speaking")] bool Speaking);

/// <summary>
/// A moderator's change to a member's voice: <c>mute</c> (MUTE_MEMBERS), <c>deaf</c> (DEAFEN_MEMBERS), and
/// <c>channelId</c> (MOVE_MEMBERS): another voice channel moves them, <c>null</c> disconnects them; absent fields
/// stay as they are.
/// </summary>
public sealed record UpdateVoiceStateRequest(
    bool? Mute,
    bool? Deaf,
    [property: JsonConverter(typeof(VoiceTargetConverter))] VoiceTarget? ChannelId);

/// <summary>Where <c>channelId</c> of <see cref="UpdateVoiceStateRequest"/> sends the member: a channel, or out of voice.</summary>
public sealed record VoiceTarget([StringLength(20)] string? ChannelId)
{
    public bool Disconnects => string.IsNullOrEmpty(ChannelId);
}

/// <summary>Tells <c>"channelId": null</c> (disconnect) from an absent <c>channelId</c> (unchanged).</summary>
public sealed class VoiceTargetConverter : JsonConverter<VoiceTarget>
{
    public override bool HandleNull => true;

    public override VoiceTarget Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => new VoiceTarget((string?)null),
            JsonTokenType.String => new VoiceTarget(reader.GetString()),
            _ => throw new JsonException("channelId must be a string or null."),
        };

    public override void Write(Utf8JsonWriter writer, VoiceTarget value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ChannelId);

    /// <summary>The OpenAPI document shows what is on the wire: a string id or null.</summary>
    public static Task DescribeAsString(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(VoiceTarget))
        {
            schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
            schema.Properties?.Clear();
            schema.Required?.Clear();
            schema.Description = "A voice channel id moves the member there; null disconnects them; absent leaves them where they are.";
        }

        return Task.CompletedTask;
    }
}

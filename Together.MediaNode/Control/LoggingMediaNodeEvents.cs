using Microsoft.Extensions.Logging;
using Together.MediaNode.Sfu;

namespace Together.MediaNode.Control;

/// <summary>The events of a node nobody subscribed to: written to the log, so an operator still sees them.</summary>
public sealed partial class LoggingMediaNodeEvents(ILogger<LoggingMediaNodeEvents> logger) : IMediaNodeEvents
{
    public void ParticipantJoined(string roomId, string userId) => LogJoined(roomId, userId);

    public void ParticipantLeft(string roomId, string userId, string reasonCode) => LogLeft(roomId, userId, reasonCode);

    public void SpeakingChanged(string roomId, string userId, bool speaking) => LogSpeaking(roomId, userId, speaking);

    public void VoiceStateChanged(string roomId, string userId, VoiceStateFlags state) =>
        LogVoiceState(roomId, userId, state.SelfMuted, state.SelfDeafened, state.ServerMuted, state.ServerDeafened);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} joined voice room {RoomId}")]
    private partial void LogJoined(string roomId, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} left voice room {RoomId} ({Reason})")]
    private partial void LogLeft(string roomId, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId} in voice room {RoomId} speaking: {Speaking}")]
    private partial void LogSpeaking(string roomId, string userId, bool speaking);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "User {UserId} in voice room {RoomId}: self-muted {SelfMuted}, self-deafened {SelfDeafened}, server-muted {ServerMuted}, server-deafened {ServerDeafened}")]
    private partial void LogVoiceState(
        string roomId, string userId, bool selfMuted, bool selfDeafened, bool serverMuted, bool serverDeafened);
}

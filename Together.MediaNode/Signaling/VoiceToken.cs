namespace Together.MediaNode.Signaling;

/// <summary>What a verified voice token grants: this user may join this room, and maybe speak in it.</summary>
public sealed record VoiceToken(string UserId, string RoomId, bool CanSpeak, string TokenId, DateTimeOffset ExpiresAt);

/// <summary>Why a voice token was refused. The text is safe to show the client; it never echoes the token.</summary>
public sealed record VoiceTokenRejection(string Reason);

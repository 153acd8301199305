using Together.Api.Features.DirectMessages;
using Together.Api.Features.NotificationSettings;
using Together.Api.Features.Presence;
using Together.Api.Features.ReadStates;
using Together.Api.Features.Servers;
using Together.Api.Features.Users;
using Together.Api.Features.Voice;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>
/// READY's payload: who the connection belongs to, its gateway session (to name in <c>Resume</c>), each server they
/// belong to with the channels they may view, its roles and their membership, how far they read each of those text
/// channels and each of their DMs and group DMs (<c>privateChannels</c>), their notification settings, who is in which of those voice channels
/// (<c>voiceStates</c>), the presence
/// they chose, and the presences of the others they share a server with who are not offline. New keys go at the end:
/// clients ignore keys they do not know.
/// </summary>
[MessagePackObject]
public sealed record ReadyPayload(
    [property: MessagePackKey("user")] CurrentUserDto User,
    [property: MessagePackKey("sessionId")] string SessionId,
    [property: MessagePackKey("servers")] IReadOnlyList<ServerStateDto> Servers,
    [property: MessagePackKey("readStates")] IReadOnlyList<ReadStateDto> ReadStates,
    [property: MessagePackKey("privateChannels")] IReadOnlyList<PrivateChannelDto> PrivateChannels,
    [property: MessagePackKey("notificationSettings")] IReadOnlyList<NotificationSettingDto> NotificationSettings,
    [property: MessagePackKey("voiceStates")] IReadOnlyList<VoiceStateDto> VoiceStates,
    [property: MessagePackKey("presence")] PresenceDto Presence,
    [property: MessagePackKey("presences")] IReadOnlyList<PresenceDto> Presences);

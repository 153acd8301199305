using Together.Api.Features.DirectMessages;
using Together.Api.Features.NotificationSettings;
using Together.Api.Features.ReadStates;
using Together.Api.Features.Servers;
using Together.Api.Features.Users;
using Together.Api.Features.Voice;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>
/// READY's payload: who the connection belongs to, which session it runs under, and each server they belong to
/// with the channels they may view, its roles and their membership, how far they read each of those text channels
/// and each of their DMs and group DMs (<c>privateChannels</c>), their notification settings, and who is in which of
/// those voice channels (<c>voiceStates</c>).
/// </summary>
[MessagePackObject]
public sealed record ReadyPayload(
    [property: MessagePackKey("user")] CurrentUserDto User,
    [property: MessagePackKey("sessionId")] string SessionId,
    [property: MessagePackKey("servers")] IReadOnlyList<ServerStateDto> Servers,
    [property: MessagePackKey("readStates")] IReadOnlyList<ReadStateDto> ReadStates,
    [property: MessagePackKey("privateChannels")] IReadOnlyList<PrivateChannelDto> PrivateChannels,
    [property: MessagePackKey("notificationSettings")] IReadOnlyList<NotificationSettingDto> NotificationSettings,
    [property: MessagePackKey("voiceStates")] IReadOnlyList<VoiceStateDto> VoiceStates);

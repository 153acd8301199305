using Together.Api.Features.Users;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>READY's payload: who the connection belongs to and which session it runs under.</summary>
[MessagePackObject]
public sealed record ReadyPayload(
    [property: MessagePackKey("user")] CurrentUserDto User,
    [property: MessagePackKey("sessionId")] string SessionId);

using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Gateway;

/// <summary>
/// CONNECTION_CLOSE's payload: why the server is closing the connection, as the REST API's 401 codes say it.
/// <c>token_expired</c>: refresh the access token and reconnect. <c>session_revoked</c>: the session has ended
/// (logout, revocation, password change, refresh-token reuse); sign in again.
/// </summary>
[MessagePackObject]
public sealed record ConnectionClosePayload([property: MessagePackKey("code")] string Code);

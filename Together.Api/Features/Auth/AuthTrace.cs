namespace Together.Api.Features.Auth;

internal static partial class AuthTrace
{
    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} registered")]
    public static partial void UserRegistered(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in as {Login} from {ClientAddress} failed: {Reason}")]
    public static partial void SignInFailed(ILogger logger, string login, string clientAddress, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wrong current password for user {UserId} ({Login}) from {ClientAddress}")]
    public static partial void CurrentPasswordWrong(ILogger logger, long userId, string login, string clientAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in (session {SessionId})")]
    public static partial void SessionStarted(ILogger logger, long userId, long sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password hash of user {UserId} upgraded to the current parameters")]
    public static partial void PasswordRehashed(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh token reuse on session {SessionId} of user {UserId}: the session is revoked")]
    public static partial void RefreshTokenReuse(ILogger logger, long sessionId, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refresh token of session {SessionId} of user {UserId} presented again within the grace period: its unused successor is discarded and a new pair issued")]
    public static partial void RefreshRetriedWithinGrace(ILogger logger, long sessionId, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} of user {UserId} revoked ({Reason})")]
    public static partial void SessionRevoked(ILogger logger, long sessionId, long userId, string reason);
}

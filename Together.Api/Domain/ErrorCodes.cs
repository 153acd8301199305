namespace Together.Api.Domain;

/// <summary>
/// The stable <c>code</c> of every error a client or operator sees (problem details, CLI messages). Clients branch
/// on these, never on titles or messages, so a value never changes once released.
/// </summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string BadRequest = "bad_request";
    public const string Unauthorized = "unauthorized";
    public const string InvalidToken = "invalid_token";
    public const string TokenExpired = "token_expired";
    public const string SessionRevoked = "session_revoked";
    public const string InvalidCredentials = "invalid_credentials";
    public const string InvalidRefreshToken = "invalid_refresh_token";
    public const string RefreshTokenReused = "refresh_token_reused";
    public const string Forbidden = "forbidden";
    public const string MissingPermission = "missing_permission";
    public const string OwnerOnly = "owner_only";
    public const string AdminOnly = "admin_only";
    public const string RoleHierarchy = "role_hierarchy";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Conflict = "conflict";
    public const string UsernameTaken = "username_taken";
    public const string OwnerCannotLeave = "owner_cannot_leave";
    public const string Banned = "banned";
    public const string InviteExpired = "invite_expired";
    public const string InviteExhausted = "invite_exhausted";
    public const string NotMessageAuthor = "not_message_author";
    public const string NotTextChannel = "not_text_channel";
    public const string NotVoiceChannel = "not_voice_channel";
    public const string VoiceChannelFull = "voice_channel_full";
    public const string NotInVoice = "not_in_voice";
    public const string VoiceJoinRequired = "voice_join_required";
    public const string Blocked = "blocked";
    public const string DmNotAllowed = "dm_not_allowed";
    public const string TooManyRecipients = "too_many_recipients";
    public const string TooManyPins = "too_many_pins";
    public const string TooManyReactions = "too_many_reactions";
    public const string UrlExpired = "url_expired";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";
    public const string ServiceUnavailable = "service_unavailable";
}

namespace Together.Api.Domain;

public static class SessionRevocationReasons
{
    public const string Logout = "logout";
    public const string RevokedByUser = "revoked_by_user";
    public const string LogoutEverywhere = "logout_everywhere";
    public const string RefreshTokenReuse = "refresh_token_reuse";
    public const string PasswordReset = "password_reset";
    public const string PasswordChanged = "password_changed";
}

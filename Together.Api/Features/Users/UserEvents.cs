namespace Together.Api.Features.Users;

/// <summary>A user's account changed and was saved; <see cref="User"/> is how they now see themselves.</summary>
public sealed record UserUpdated(long UserId, CurrentUserDto User);

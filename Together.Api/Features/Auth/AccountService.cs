using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth.Passwords;
using Together.Api.Features.Users;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Auth;

/// <summary>Creating accounts and checking credentials; shared by the REST endpoints and the admin CLI.</summary>
public sealed class AccountService(
    TogetherDbContext db,
    SnowflakeGenerator ids,
    PasswordHasher hasher,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    public async Task<User> CreateAsync(
        string username, string password, string? email, string? displayName, bool isAdmin, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!UsernameRules.IsValid(username, out var usernameProblem))
        {
            errors["username"] = [usernameProblem];
        }

        if (!PasswordRules.IsValid(password, out var passwordProblem))
        {
            errors["password"] = [passwordProblem];
        }

        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (email is not null && !EmailRules.IsValid(email))
        {
            errors["email"] = ["This is not an email address."];
        }

        if (errors.Count > 0)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed,
                "One or more fields are invalid.", errors);
        }

        var normalizedUsername = UsernameRules.Normalize(username);
        var normalizedEmail = email is null ? null : EmailRules.Normalize(email);
        await EnsureAvailableAsync(normalizedUsername, normalizedEmail, exceptUserId: null, cancellationToken);

        var now = time.GetUtcNow();
        var user = new User
        {
            Id = ids.NewId(),
            Username = username,
            NormalizedUsername = normalizedUsername,
            Email = email,
            NormalizedEmail = normalizedEmail,
            DisplayName = UserProfileRules.NormalizeDisplayName(displayName),
            PasswordHash = await hasher.HashAsync(password, cancellationToken),
            IsAdmin = isAdmin,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a simultaneous registration of the same name or address.
            db.Entry(user).State = EntityState.Detached;
            await EnsureAvailableAsync(normalizedUsername, normalizedEmail, exceptUserId: null, cancellationToken);
            throw;
        }

        AuthTrace.UserRegistered(logger, user.Id);
        return user;
    }

    /// <summary>
    /// The user whose username or email is <paramref name="login"/> and whose password matches, else null. Unknown
    /// users cost one hash too, so timing does not reveal which accounts exist.
    /// </summary>
    public async Task<User?> CheckCredentialsAsync(string login, string password, CancellationToken cancellationToken)
    {
        var user = await FindByLoginAsync(login, cancellationToken);
        if (user is null)
        {
            await hasher.VerifyAgainstNothingAsync(password, cancellationToken);
            AuthTrace.LoginFailed(logger, "unknown user");
            return null;
        }

        switch (await hasher.VerifyAsync(password, user.PasswordHash, cancellationToken))
        {
            case PasswordVerification.Succeeded:
                return user;
            case PasswordVerification.SucceededRehashNeeded:
                user.PasswordHash = await hasher.HashAsync(password, cancellationToken);
                user.UpdatedAt = time.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
                AuthTrace.PasswordRehashed(logger, user.Id);
                return user;
            default:
                AuthTrace.LoginFailed(logger, "wrong password");
                return null;
        }
    }

    public Task<User?> FindByLoginAsync(string login, CancellationToken cancellationToken)
    {
        var trimmed = login.Trim();
        if (trimmed.Contains('@', StringComparison.Ordinal))
        {
            var email = EmailRules.Normalize(trimmed);
            return db.Users.SingleOrDefaultAsync(user => user.NormalizedEmail == email, cancellationToken);
        }

        var username = UsernameRules.Normalize(trimmed);
        return db.Users.SingleOrDefaultAsync(user => user.NormalizedUsername == username, cancellationToken);
    }

    public async Task SetPasswordAsync(User user, string password, CancellationToken cancellationToken)
    {
        if (!PasswordRules.IsValid(password, out var problem))
        {
            throw ApiException.Validation("newPassword", problem);
        }

        user.PasswordHash = await hasher.HashAsync(password, cancellationToken);
        user.UpdatedAt = time.GetUtcNow();
    }

    public async Task<bool> VerifyPasswordAsync(User user, string password, CancellationToken cancellationToken) =>
        await hasher.VerifyAsync(password, user.PasswordHash, cancellationToken) != PasswordVerification.Failed;

    public async Task EnsureAvailableAsync(
        string normalizedUsername, string? normalizedEmail, long? exceptUserId, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(
                user => user.NormalizedUsername == normalizedUsername && user.Id != exceptUserId, cancellationToken))
        {
            throw ApiException.Conflict(ErrorCodes.UsernameTaken, "This username is taken.");
        }

        if (normalizedEmail is not null && await db.Users.AnyAsync(
                user => user.NormalizedEmail == normalizedEmail && user.Id != exceptUserId, cancellationToken))
        {
            throw ApiException.Conflict(ErrorCodes.EmailTaken, "This email address is already in use.");
        }
    }
}

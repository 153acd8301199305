using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth.Passwords;
using Together.Api.Features.Users;

namespace Together.Api.Features.Auth;

/// <summary>
/// The account rules, once: creating accounts, signing in, changing profile and credentials. Shared by the REST
/// endpoints and the admin CLI; raises <see cref="DomainException"/>s. Email addresses are contact and sign-in
/// addresses, not claims: several accounts may give the same one, so no answer reveals whether another account
/// holds an address (docs/api.md, "Email addresses").
/// </summary>
public sealed class AccountService(
    TogetherDbContext db,
    SnowflakeGenerator ids,
    PasswordHasher hasher,
    PasswordAttemptLimiter attempts,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    /// <summary>Sign-in by an address shared by several accounts tries this many of them, oldest first.</summary>
    private const int MaxAccountsPerEmailLogin = 5;

    public async Task<User> CreateAsync(
        string username, string password, string? email, string? displayName, bool isAdmin, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        CheckUsername(username, errors);
        CheckPassword(password, "password", errors);
        email = CheckEmail(email, errors);
        displayName = CheckDisplayName(displayName, errors);
        ThrowIfAny(errors);

        var now = time.GetUtcNow();
        var user = new User
        {
            Id = ids.NewId(),
            Username = username,
            NormalizedUsername = UsernameRules.Normalize(username),
            Email = email,
            NormalizedEmail = email is null ? null : EmailRules.Normalize(email),
            DisplayName = displayName,
            PasswordHash = await hasher.HashAsync(password, cancellationToken),
            IsAdmin = isAdmin,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await EnsureUsernameFreeAsync(user, cancellationToken);
        db.Users.Add(user);
        await SaveAsync(user, cancellationToken);
        AuthTrace.UserRegistered(logger, user.Id);
        return user;
    }

    /// <summary>Whether any account exists: the first one registered becomes the instance administrator.</summary>
    public Task<bool> AnyExistAsync(CancellationToken cancellationToken) => db.Users.AnyAsync(cancellationToken);

    /// <summary>
    /// The account <paramref name="login"/> (a username or an email address) names whose password is
    /// <paramref name="password"/>. Unknown logins cost one hash too, so timing does not reveal which exist.
    /// </summary>
    /// <exception cref="DomainException"><c>invalid_credentials</c>, or rate limited after too many wrong passwords.</exception>
    public async Task<User> SignInAsync(string login, string password, string clientAddress, CancellationToken cancellationToken)
    {
        var candidates = await FindByLoginAsync(login, cancellationToken);
        if (candidates.Count == 0)
        {
            var unknown = new PasswordAttempt(null, login, clientAddress);
            attempts.EnsureAllowed(unknown);
            await hasher.VerifyAgainstNothingAsync(password, cancellationToken);
            attempts.RecordFailure(unknown);
            AuthTrace.SignInFailed(logger, login, clientAddress, "unknown login");
            throw InvalidCredentials();
        }

        foreach (var candidate in candidates)
        {
            attempts.EnsureAllowed(new PasswordAttempt(candidate.Id, login, clientAddress));
        }

        foreach (var candidate in candidates)
        {
            if (await VerifyAsync(candidate, password, cancellationToken))
            {
                attempts.RecordSuccess(new PasswordAttempt(candidate.Id, login, clientAddress));
                return candidate;
            }
        }

        foreach (var candidate in candidates)
        {
            attempts.RecordFailure(new PasswordAttempt(candidate.Id, login, clientAddress));
        }

        AuthTrace.SignInFailed(logger, login, clientAddress, "wrong password");
        throw InvalidCredentials();
    }

    /// <summary>
    /// Applies <paramref name="changes"/> to <paramref name="user"/> and saves them. Changing the email address or
    /// the password needs the current password, whose wrong guesses count as failed sign-ins.
    /// </summary>
    /// <returns>Whether the password changed (the caller ends the user's other sessions).</returns>
    public async Task<bool> UpdateAsync(User user, AccountChanges changes, string clientAddress, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (changes.Username is { } username)
        {
            CheckUsername(username, errors);
        }

        var email = changes.Email is null ? user.Email : CheckEmail(changes.Email, errors);
        var displayName = changes.DisplayName is null ? user.DisplayName : CheckDisplayName(changes.DisplayName, errors);
        if (changes.NewPassword is { } newPassword)
        {
            CheckPassword(newPassword, "newPassword", errors);
        }

        ThrowIfAny(errors);

        var normalizedEmail = email is null ? null : EmailRules.Normalize(email);
        var emailChanged = normalizedEmail != user.NormalizedEmail;
        if (emailChanged || changes.NewPassword is not null)
        {
            await CheckCurrentPasswordAsync(user, changes.CurrentPassword, clientAddress, cancellationToken);
        }

        if (changes.Username is { } newUsername)
        {
            user.Username = newUsername;
            user.NormalizedUsername = UsernameRules.Normalize(newUsername);
            await EnsureUsernameFreeAsync(user, cancellationToken);
        }

        if (changes.NewPassword is { } password)
        {
            user.PasswordHash = await hasher.HashAsync(password, cancellationToken);
        }

        user.Email = email;
        user.NormalizedEmail = normalizedEmail;
        user.DisplayName = displayName;
        user.UpdatedAt = time.GetUtcNow();
        await SaveAsync(user, cancellationToken);
        return changes.NewPassword is not null;
    }

    /// <summary>Sets a password chosen by an administrator (the caller ends the user's sessions).</summary>
    public async Task SetPasswordAsync(User user, string password, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        CheckPassword(password, "password", errors);
        ThrowIfAny(errors);
        user.PasswordHash = await hasher.HashAsync(password, cancellationToken);
        user.UpdatedAt = time.GetUtcNow();
        await SaveAsync(user, cancellationToken);
    }

    public async Task<User> GetByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = UsernameRules.Normalize(username.Trim());
        return await db.Users.SingleOrDefaultAsync(user => user.NormalizedUsername == normalized, cancellationToken)
            ?? throw DomainException.NotFound($"The user '{username}'");
    }

    private async Task<IReadOnlyList<User>> FindByLoginAsync(string login, CancellationToken cancellationToken)
    {
        var trimmed = login.Trim();
        if (trimmed.Contains('@', StringComparison.Ordinal))
        {
            var email = EmailRules.Normalize(trimmed);
            return await db.Users.Where(user => user.NormalizedEmail == email)
                .OrderBy(user => user.Id).Take(MaxAccountsPerEmailLogin).ToListAsync(cancellationToken);
        }

        var username = UsernameRules.Normalize(trimmed);
        return await db.Users.Where(user => user.NormalizedUsername == username).ToListAsync(cancellationToken);
    }

    private async Task<bool> VerifyAsync(User user, string password, CancellationToken cancellationToken)
    {
        switch (await hasher.VerifyAsync(password, user.PasswordHash, cancellationToken))
        {
            case PasswordVerification.Succeeded:
                return true;
            case PasswordVerification.SucceededRehashNeeded:
                user.PasswordHash = await hasher.HashAsync(password, cancellationToken);
                user.UpdatedAt = time.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
                AuthTrace.PasswordRehashed(logger, user.Id);
                return true;
            default:
                return false;
        }
    }

    private async Task CheckCurrentPasswordAsync(User user, string? currentPassword, string clientAddress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(currentPassword))
        {
            throw DomainException.Validation("currentPassword", "Enter your current password to change your email address or password.");
        }

        var attempt = new PasswordAttempt(user.Id, user.Username, clientAddress);
        attempts.EnsureAllowed(attempt);
        if (await hasher.VerifyAsync(currentPassword, user.PasswordHash, cancellationToken) == PasswordVerification.Failed)
        {
            attempts.RecordFailure(attempt);
            AuthTrace.CurrentPasswordWrong(logger, user.Id, user.Username, clientAddress);
            throw DomainException.Validation("currentPassword", "The current password is wrong.");
        }

        attempts.RecordSuccess(attempt);
    }

    private async Task EnsureUsernameFreeAsync(User user, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(
                other => other.NormalizedUsername == user.NormalizedUsername && other.Id != user.Id, cancellationToken))
        {
            throw UsernameTaken();
        }
    }

    /// <summary>Saves, turning a lost race for a username (the unique index refused it) into the conflict it is.</summary>
    private async Task SaveAsync(User user, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.Entry(user).State = EntityState.Detached;
            if (await db.Users.AnyAsync(
                    other => other.NormalizedUsername == user.NormalizedUsername && other.Id != user.Id, cancellationToken))
            {
                throw UsernameTaken();
            }

            throw;
        }
    }

    private static void CheckUsername(string username, Dictionary<string, string[]> errors)
    {
        if (!UsernameRules.IsValid(username, out var problem))
        {
            errors["username"] = [problem];
        }
    }

    private static void CheckPassword(string password, string field, Dictionary<string, string[]> errors)
    {
        if (!PasswordRules.IsValid(password, out var problem))
        {
            errors[field] = [problem];
        }
    }

    /// <returns>The address to store: trimmed, or null for a blank one.</returns>
    private static string? CheckEmail(string? email, Dictionary<string, string[]> errors)
    {
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (email is not null && !EmailRules.IsValid(email))
        {
            errors["email"] = ["This is not an email address."];
        }

        return email;
    }

    private static string? CheckDisplayName(string? displayName, Dictionary<string, string[]> errors)
    {
        if (!UserProfileRules.IsValidDisplayName(displayName, out var problem))
        {
            errors["displayName"] = [problem];
        }

        return UserProfileRules.NormalizeDisplayName(displayName);
    }

    private static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }

    private static DomainException InvalidCredentials() =>
        DomainException.Unauthenticated(ErrorCodes.InvalidCredentials, "The login or password is wrong.");

    private static DomainException UsernameTaken() =>
        DomainException.Conflict(ErrorCodes.UsernameTaken, "This username is taken.");
}

/// <summary>What a user asks to change about their account; null fields stay as they are.</summary>
public sealed record AccountChanges(
    string? Username, string? DisplayName, string? Email, string? CurrentPassword, string? NewPassword);

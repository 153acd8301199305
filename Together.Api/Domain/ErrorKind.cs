namespace Together.Api.Domain;

/// <summary>
/// What kind of failure a <see cref="DomainException"/> is. Each front end maps kinds once: HTTP to status codes
/// (<c>DomainErrorMapping</c>), the admin CLI to exit codes (<c>CliExitCodes</c>).
/// </summary>
public enum ErrorKind
{
    /// <summary>The input breaks a rule; <see cref="DomainException.Errors"/> names the fields.</summary>
    Validation,

    /// <summary>The caller is not (or no longer) signed in, or the credentials are wrong.</summary>
    Unauthenticated,

    /// <summary>The caller is known but may not do this.</summary>
    Forbidden,

    /// <summary>The thing does not exist, or the caller may not know that it does.</summary>
    NotFound,

    /// <summary>The request contradicts the current state (a name already taken).</summary>
    Conflict,

    /// <summary>An upload is larger than allowed.</summary>
    TooLarge,

    /// <summary>An upload is of a type that is not accepted (decided from its content, not what the client says).</summary>
    UnsupportedType,

    /// <summary>Too many attempts; <see cref="RateLimitedException"/> says for how long.</summary>
    RateLimited,

    /// <summary>Something the operation needs (the database) is not answering; retrying later may work.</summary>
    Unavailable,
}

namespace Together.Api.Domain;

/// <summary>
/// A failure a service reports to whoever called it, free of HTTP: a stable <see cref="Code"/>, a
/// <see cref="Kind"/> the front ends map to a status or exit code, and a message fit to show the caller.
/// </summary>
public class DomainException(ErrorKind kind, string code, string message, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(message)
{
    public ErrorKind Kind { get; } = kind;

    public string Code { get; } = code;

    /// <summary>For <see cref="ErrorKind.Validation"/>: the offending fields (JSON names) and what is wrong with each.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public static DomainException Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static DomainException Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(ErrorKind.Validation, ErrorCodes.ValidationFailed, "One or more fields are invalid.", errors);

    /// <param name="what">The thing, capitalised, as the message's subject: "The session".</param>
    public static DomainException NotFound(string what) =>
        new(ErrorKind.NotFound, ErrorCodes.NotFound, $"{what} was not found.");

    public static DomainException Unauthenticated(string code, string message) =>
        new(ErrorKind.Unauthenticated, code, message);

    public static DomainException Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);

    public static DomainException Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);
}

/// <summary>
/// Too many attempts: <see cref="Limit"/> were allowed, the next is allowed after <see cref="RetryAfter"/>;
/// <see cref="Bucket"/> names the limit when it has a name clients may see.
/// </summary>
public sealed class RateLimitedException(int limit, TimeSpan retryAfter, string? bucket = null)
    : DomainException(ErrorKind.RateLimited, ErrorCodes.RateLimited, "Too many attempts; try again later.")
{
    public int Limit { get; } = limit;

    public TimeSpan RetryAfter { get; } = retryAfter;

    public string? Bucket { get; } = bucket;
}

namespace Together.Api.Infrastructure;

/// <summary>
/// A failure the client caused or may see, thrown by handlers and turned into problem details by
/// <see cref="TogetherExceptionHandler"/>. The message is the problem's detail and is shown to the client.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string code, string message, IDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Status = status;
        Code = code;
        Errors = errors;
    }

    public int Status { get; }

    public string Code { get; }

    public IDictionary<string, string[]>? Errors { get; }

    public static ApiException Validation(string field, string message) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "One or more fields are invalid.",
            new Dictionary<string, string[]> { [field] = [message] });

    public static ApiException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"{what} was not found.");

    public static ApiException Unauthorized(string code, string message) =>
        new(StatusCodes.Status401Unauthorized, code, message);

    public static ApiException Conflict(string code, string message) =>
        new(StatusCodes.Status409Conflict, code, message);
}

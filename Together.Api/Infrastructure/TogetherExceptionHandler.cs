using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Together.Api.Data;
using Together.Api.Domain;

namespace Together.Api.Infrastructure;

/// <summary>
/// The one place where exceptions become responses: a <see cref="DomainException"/> as the status of its kind
/// (<see cref="HttpErrorMapping"/>) with its code, request-reading failures
/// (malformed JSON, wrong types, oversized or mistyped bodies) as the 4xx they are, a failing database as 503 (the
/// client should retry, and is never told to sign in again for it), anything else as a bare 500 without internals.
/// </summary>
public sealed partial class TogetherExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<TogetherExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is RateLimitedException limited)
        {
            await RateLimitResponses.WriteAsync(httpContext, limited.Limit, limited.RetryAfter, limited.Bucket);
            return true;
        }

        var problem = exception switch
        {
            DomainException domain => FromDomainException(domain),
            BadHttpRequestException bad => FromBadRequest(bad),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ when DatabaseFailures.IsUnavailable(exception) => DatabaseUnavailable(exception, httpContext),
            _ => null,
        };

        if (problem is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = Create(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                "Something went wrong on our side.");
        }

        if (exception is BadHttpRequestException { InnerException: JsonException })
        {
            // The JSON reader gave up mid-body and the rest of the body cannot be skipped reliably, so this
            // connection is not reused for another request.
            httpContext.Response.Headers.Connection = "close";
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private ProblemDetails DatabaseUnavailable(Exception exception, HttpContext httpContext)
    {
        LogDatabaseUnavailable(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        return Create(HttpErrorMapping.StatusFor(ErrorKind.Unavailable), ErrorCodes.ServiceUnavailable,
            "The database is not answering; try again shortly.");
    }

    private static ProblemDetails FromDomainException(DomainException exception)
    {
        var status = HttpErrorMapping.StatusFor(exception.Kind);
        if (exception.Errors is { } errors)
        {
            var validation = new HttpValidationProblemDetails(errors.ToDictionary())
            {
                Status = status,
                Detail = exception.Message,
            };
            validation.Extensions["code"] = exception.Code;
            return validation;
        }

        return Create(status, exception.Code, exception.Message);
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        switch (exception.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return Create(exception.StatusCode, ErrorCodes.PayloadTooLarge, "The request body is too large.");
            case StatusCodes.Status415UnsupportedMediaType:
                return Create(exception.StatusCode, ErrorCodes.UnsupportedMediaType,
                    "The request body must be application/json.");
            case StatusCodes.Status400BadRequest:
                var (field, message) = DescribeBindingFailure(exception);
                var validation = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Detail = "The request could not be read.",
                };
                validation.Extensions["code"] = ErrorCodes.ValidationFailed;
                return validation;
            default:
                return Create(exception.StatusCode, HttpErrorMapping.CodeFor(exception.StatusCode), "The request was refused.");
        }
    }

    private static (string Field, string Message) DescribeBindingFailure(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            var message = field == "body"
                ? "The body is not valid JSON."
                : "The value is malformed or has the wrong type.";
            return (field, message);
        }

        return exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
            ? ("body", "A JSON body is required.")
            : ("request", "A parameter of the request could not be read.");
    }

    private static ProblemDetails Create(int status, string code, string detail)
    {
        var problem = new ProblemDetails { Status = status, Detail = detail };
        problem.Extensions["code"] = code;
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database failed during {Method} {Path}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}

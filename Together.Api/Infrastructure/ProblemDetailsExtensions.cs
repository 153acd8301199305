using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Together.Api.Domain;

namespace Together.Api.Infrastructure;

public static class ProblemDetailsExtensions
{
    /// <summary>
    /// Every error body is RFC 9457 problem details with a <c>code</c>: the exception handler's, the validation
    /// filter's, and the empty-bodied ones (401 challenges, 404 routes, 405 methods) written by status-code pages.
    /// </summary>
    public static IServiceCollection AddTogetherProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = problem is HttpValidationProblemDetails
                    ? ErrorCodes.ValidationFailed
                    : HttpErrorMapping.CodeFor(status);
            }

            if (problem is HttpValidationProblemDetails validation)
            {
                CamelCaseKeys(validation.Errors);
            }

            // Development-only diagnostics must never reach a client.
            problem.Extensions.Remove("exception");
            problem.Instance ??= context.HttpContext.Request.Path;
            if (context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity is { } activity)
            {
                problem.Extensions["traceId"] = activity.TraceId.ToString();
            }
        });
        services.AddExceptionHandler<TogetherExceptionHandler>();

        // Malformed JSON and wrong types surface as exceptions, so the handler can answer validation_failed
        // with the offending field instead of an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Error keys name fields as they appear in JSON (camelCase), not as C# properties.</summary>
    private static void CamelCaseKeys(IDictionary<string, string[]> errors)
    {
        foreach (var key in errors.Keys.ToList())
        {
            var camel = string.Join('.', key.Split('.').Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName));
            if (camel != key)
            {
                errors[camel] = errors.TryGetValue(camel, out var existing) ? [.. existing, .. errors[key]] : errors[key];
                errors.Remove(key);
            }
        }
    }

    /// <summary>
    /// Writes the problem for a status set without a body. Used where a component answers on its own (the JWT
    /// challenge, the rate limiter).
    /// </summary>
    public static async Task WriteProblemAsync(
        this HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Detail = detail };
        problem.Extensions["code"] = code;
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}

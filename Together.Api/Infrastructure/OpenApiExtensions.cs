using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Together.ServiceDefaults;

namespace Together.Api.Infrastructure;

public static class OpenApiExtensions
{
    private const string BearerScheme = "Bearer";

    /// <summary>
    /// The OpenAPI document, made independent of where it is served from (no <c>servers</c>), so the copy checked
    /// into <c>docs/openapi.json</c> is byte-for-byte what any install serves.
    /// </summary>
    public static IServiceCollection AddTogetherOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddOperationTransformer(RequireBearerWhereAuthorized)
            .AddSchemaTransformer(Features.Voice.VoiceTargetConverter.DescribeAsString).AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Together API",
                Version = "v1",
                Description = "REST API of Together, a self-hosted community chat. Errors are RFC 9457 problem details with a stable `code`.",
            };
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from /api/auth/login, /api/auth/register or /api/auth/refresh.",
            };
            return Task.CompletedTask;
        }));

    private static Task RequireBearerWhereAuthorized(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A 200 answer that is one of two types (a server channel or a DM): <c>Results</c> with two <c>Ok</c> types
    /// would document only the last.
    /// </summary>
    public static RouteHandlerBuilder ProducesOneOf<TFirst, TSecond>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var first = await context.GetOrCreateSchemaAsync(typeof(TFirst), null, cancellationToken);
            var second = await context.GetOrCreateSchemaAsync(typeof(TSecond), null, cancellationToken);
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var json) == true)
            {
                json.Schema = new OpenApiSchema { OneOf = [first, second] };
            }
        });

    /// <summary><c>/openapi/v1.json</c> and a browsable reference at <c>/scalar</c>.</summary>
    public static IEndpointRouteBuilder MapTogetherOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        // The default fonts come from Scalar's CDN: a third party the operator never chose, and outside the CSP.
        app.MapScalarApiReference(SecurityHeadersExtensions.ApiReferencePath, options => options.WithTitle("Together API").DisableDefaultFonts());
        return app;
    }
}

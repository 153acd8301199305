using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Together.ServiceDefaults;

/// <summary>
/// Security headers on every response a Together process serves: the web client (from the merged Api or the
/// edge), the API, the gateway, health and metrics. Set when the response starts, so responses whose headers were cleared on the way (the exception handler
/// does that) still carry them, and after forwarded headers were applied, so HSTS sees the client's scheme.
/// </summary>
public static class SecurityHeadersExtensions
{
    public const string ApiReferencePath = "/scalar";

    /// <summary>
    /// The web client: a same-origin React build that calls <c>/api</c>, opens <c>/gateway</c> and <c>/media/ws</c>
    /// as WebSockets (named as ws/wss of this host too: older browsers do not count them as <c>'self'</c>), and
    /// plays WebRTC audio, which needs no CSP source. No inline script or style, no plugins, no framing.
    /// </summary>
    private const string ClientPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "media-src 'self' blob:; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

    /// <summary>
    /// The Scalar API reference boots from an inline module script, styles itself inline and compiles code at run
    /// time (Chromium reports an eval violation without it). It is a static page about the API, holding no data.
    /// </summary>
    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; connect-src 'self'";

    /// <summary>
    /// Uploaded files: should one ever be rendered as a document (an old browser, a type we did not foresee), it
    /// runs no script, loads nothing and is its own origin.
    /// </summary>
    private const string AttachmentPolicy = "sandbox; default-src 'none'";

    public const string AttachmentsPath = "/api/attachments";

    private const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var context = (HttpContext)state;
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = PolicyFor(context.Request);
                if (context.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = StrictTransportSecurity;
                }

                return Task.CompletedTask;
            }, context);
            return next(context);
        });

    private static string PolicyFor(HttpRequest request)
    {
        if (request.Path.StartsWithSegments(ApiReferencePath))
        {
            return ApiReferencePolicy;
        }

        if (request.Path.StartsWithSegments(AttachmentsPath))
        {
            return AttachmentPolicy;
        }

        var host = request.Host;
        return host.HasValue
            ? $"{ClientPolicy} ws://{host.ToUriComponent()} wss://{host.ToUriComponent()}"
            : ClientPolicy;
    }
}

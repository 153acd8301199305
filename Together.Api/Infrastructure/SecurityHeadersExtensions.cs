namespace Together.Api.Infrastructure;

public static class SecurityHeadersExtensions
{
    /// <summary>
    /// <c>X-Content-Type-Options: nosniff</c> on every response. Set when the response starts, so responses whose
    /// headers were cleared on the way (the exception handler does that) still carry it.
    /// </summary>
    public static IApplicationBuilder UseNoSniff(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
}

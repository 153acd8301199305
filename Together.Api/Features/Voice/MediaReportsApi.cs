using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Together.MediaNode.Control;

namespace Together.Api.Features.Voice;

/// <summary>
/// Where a separate media node sends its reports (<see cref="HttpNodeReportSink"/>): authenticated with the shared
/// <c>Media:ControlApiKey</c>, mapped only when one is set, and not part of the public API document.
/// </summary>
public static class MediaReportsApi
{
    public const string Path = "/api/internal/media/reports";

    /// <summary>A snapshot lists every participant on the node: larger than an ordinary JSON body.</summary>
    private const long BodyLimitBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapMediaReportsApi(this IEndpointRouteBuilder app)
    {
        if (!string.IsNullOrEmpty(app.ServiceProvider.GetRequiredService<IOptions<VoiceOptions>>().Value.ControlApiKey))
        {
            app.MapPost(Path, ReceiveAsync)
                .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(BodyLimitBytes))
                .ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<Results<NoContent, UnauthorizedHttpResult>> ReceiveAsync(
        NodeReport report, HttpContext httpContext, VoiceStateService voice, IOptions<VoiceOptions> options, CancellationToken cancellationToken)
    {
        var presented = httpContext.Request.Headers[ControlApi.KeyHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.Value.ControlApiKey!)))
        {
            return TypedResults.Unauthorized();
        }

        await voice.ApplyReportAsync(report, cancellationToken);
        return TypedResults.NoContent();
    }
}

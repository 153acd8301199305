using Together.Api.Infrastructure;
using Together.MediaNode;

namespace Together.Api.Features.Voice;

public static class VoiceExtensions
{
    /// <summary>
    /// <c>Media:InProcess</c> (default true): the merged process hosts the media node itself, on its own UDP/TCP
    /// port and with its signalling under this process's <c>/media</c>. The distributed shape sets it to false and
    /// runs Together.MediaNode as its own process with the same code.
    /// </summary>
    public const string InProcessKey = "Media:InProcess";

    public static IHostApplicationBuilder AddTogetherVoice(this IHostApplicationBuilder builder)
    {
        var dataDirectory = DataDirectory.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
        var issuer = VoiceSigningKey.CreateIssuer(builder.Configuration, dataDirectory, TimeProvider.System);
        builder.Services.AddSingleton(issuer);

        if (HostsMediaNode(builder.Configuration))
        {
            builder.AddMediaNode(media => media.TokenPublicKey ??= issuer.PublicKeyPem);
        }

        return builder;
    }

    public static WebApplication MapTogetherVoice(this WebApplication app)
    {
        if (HostsMediaNode(app.Configuration))
        {
            app.MapMediaNode();
        }

        return app;
    }

    private static bool HostsMediaNode(IConfiguration configuration) => configuration.GetValue(InProcessKey, defaultValue: true);
}

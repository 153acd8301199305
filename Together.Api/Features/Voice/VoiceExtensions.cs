using Together.Api.Infrastructure;
using Together.MediaNode;
using Together.MediaNode.Control;

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
        var services = builder.Services;
        services.AddSingleton(issuer);
        services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TurnOptions>().BindConfiguration(TurnOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IceServers>();
        services.AddSingleton<VoiceSpeaking>();
        services.AddScoped<VoiceJoinService>();
        services.AddScoped<VoiceStateService>();
        services.AddHostedService<VoiceStateSweeper>();

        if (HostsMediaNode(builder.Configuration))
        {
            // Registered before the node, so the node hands its events to the Api instead of only logging them.
            services.AddSingleton<INodeReportSink, InProcessReportSink>();
            services.AddSingleton<IMediaNodeControl, InProcessMediaNodeControl>();
            builder.AddMediaNode(media => media.TokenPublicKey ??= issuer.PublicKeyPem);
        }
        else
        {
            services.AddHttpClient<IMediaNodeControl, HttpMediaNodeControl>(http => http.Timeout = TimeSpan.FromSeconds(10));
        }

        return builder;
    }

    public static WebApplication MapTogetherVoice(this WebApplication app)
    {
        app.MapVoiceApi();
        app.MapMediaReportsApi();
        if (HostsMediaNode(app.Configuration))
        {
            app.MapMediaNode();
        }

        return app;
    }

    private static bool HostsMediaNode(IConfiguration configuration) => configuration.GetValue(InProcessKey, defaultValue: true);
}

using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Together.MediaNode.Control;
using Together.MediaNode.Host;
using Together.MediaNode.Sfu;
using Together.MediaNode.Signaling;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode;

/// <summary>
/// The media node as a module: <c>AddMediaNode</c> registers it, <c>MapMediaNode</c> maps its endpoints. The
/// standalone node (Program.cs) and the Api's merged process call the same two methods.
/// </summary>
public static class MediaNodeExtensions
{
    /// <param name="configure">
    /// Applied after configuration binding: how a hosting process supplies what it knows better than configuration,
    /// such as the Api's voice-token public key.
    /// </param>
    public static IHostApplicationBuilder AddMediaNode(
        this IHostApplicationBuilder builder, Action<MediaNodeOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<MediaNodeOptions>()
            .BindConfiguration(MediaNodeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        builder.AddMediaTransport();
        builder.Services.AddOptions<MediaTransportOptions>()
            .Configure<IOptions<MediaNodeOptions>>((transport, media) => ApplyTo(transport, media.Value));

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton(provider => new MediaNodeMetrics(
            provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<SrtpRefusalCounters>()));
        services.TryAddSingleton<IMediaNodeEvents, LoggingMediaNodeEvents>();
        services.TryAddSingleton<SfuRooms>();
        services.TryAddSingleton(provider => new VoiceTokenVerifier(
            provider.GetRequiredService<IOptions<MediaNodeOptions>>().Value.TokenPublicKey!,
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IPeerConnectionFactory, WebRtcPeerConnectionFactory>();
        services.AddHostedService<SfuTicker>();
        services.AddHostedService<MediaNodeStartupLog>();
        return builder;
    }

    /// <summary>The transport has no configuration section of its own: the documented Media:* keys are the only ones.</summary>
    private static void ApplyTo(MediaTransportOptions transport, MediaNodeOptions media)
    {
        transport.BindAddress = media.BindAddress;
        transport.UdpPort = media.UdpPort;
        transport.TcpPort = media.TcpPort;
        transport.MaxConcurrentHandshakes = Math.Min(media.MaxConcurrentHandshakes, 1024);
        transport.HandshakeTimeout = media.HandshakeTimeout;
        transport.AnnouncedAddresses.Clear();
        foreach (var address in media.PublicAddresses())
        {
            transport.AnnouncedAddresses.Add(address);
        }
    }

    public static IEndpointRouteBuilder MapMediaNode(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints is IApplicationBuilder app)
        {
            app.UseWebSockets();
        }

        endpoints.MapSignalingApi();
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<MediaNodeOptions>>().Value;
        if (!string.IsNullOrEmpty(options.ControlApiKey))
        {
            endpoints.MapControlApi();
        }

        return endpoints;
    }
}

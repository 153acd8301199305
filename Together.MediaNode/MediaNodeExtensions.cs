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
        builder.AddMediaTransport(configure).Validate(
            media => !string.IsNullOrWhiteSpace(media.TokenPublicKey),
            "Media:TokenPublicKey is required: the PEM public key (P-256) that verifies voice tokens.");

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton(provider => new MediaNodeMetrics(
            provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<SrtpRefusalCounters>()));
        services.TryAddSingleton<NodeIdentity>();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{MediaNodeOptions.SectionName}:{nameof(MediaNodeOptions.ReportUrl)}"]))
        {
            services.AddHttpClient<INodeReportSink, HttpNodeReportSink>();
        }

        // Whoever wants the node's events (the Api in-process, or the HTTP sink above) gets them through one queue.
        if (services.Any(descriptor => descriptor.ServiceType == typeof(INodeReportSink)))
        {
            services.TryAddSingleton<NodeReportQueue>();
            services.TryAddSingleton<IMediaNodeEvents>(provider => provider.GetRequiredService<NodeReportQueue>());
            services.AddHostedService<NodeReporter>();
        }

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

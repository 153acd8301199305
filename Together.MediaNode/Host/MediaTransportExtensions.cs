using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Host;

public static class MediaTransportExtensions
{
    /// <summary>
    /// The media transport: the node's DTLS certificate, the peer registry (<see cref="IPeerTransportRegistry"/>),
    /// the UDP socket, the ICE-TCP listener and the startup DTLS warm-up, configured by <see cref="MediaNodeOptions"/>
    /// (the <c>Media</c> section, then <paramref name="configure"/>). <c>AddMediaNode</c> calls it; transport tests
    /// call it alone.
    /// </summary>
    internal static OptionsBuilder<MediaNodeOptions> AddMediaTransport(
        this IHostApplicationBuilder builder, Action<MediaNodeOptions>? configure = null)
    {
        var services = builder.Services;
        var options = services.AddOptions<MediaNodeOptions>()
            .BindConfiguration(MediaNodeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SrtpRefusalCounters>();
        services.TryAddSingleton(sp => DtlsCertificate.Generate(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var media = sp.GetRequiredService<IOptions<MediaNodeOptions>>().Value;
            return new PeerTransportContext(sp.GetRequiredService<DtlsCertificate>(), new DtlsOptions
            {
                HandshakeTimeout = media.HandshakeTimeout,
                MaxConcurrentHandshakes = media.MaxConcurrentHandshakes,
                SrtpProfiles = media.SrtpProfiles ?? DtlsSrtpProfiles.Preference,
            }, srtpRefusals: sp.GetRequiredService<SrtpRefusalCounters>());
        });
        services.TryAddSingleton<PeerTransportRegistry>();
        services.TryAddSingleton<IPeerTransportRegistry>(sp => sp.GetRequiredService<PeerTransportRegistry>());
        services.AddHostedService<DtlsWarmupService>();
        services.AddSingleton<UdpMediaHost>();
        services.AddHostedService(sp => sp.GetRequiredService<UdpMediaHost>());
        services.AddSingleton<IceTcpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<IceTcpListener>());
        return options;
    }
}

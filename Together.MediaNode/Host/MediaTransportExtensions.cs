using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Peer;

namespace Together.MediaNode.Host;

public static class MediaTransportExtensions
{
    /// <summary>
    /// The media transport: the node's DTLS certificate, the peer registry (<see cref="IPeerTransportRegistry"/>),
    /// the UDP socket, the ICE-TCP listener and the startup DTLS warm-up. Options: "MediaNode:Transport".
    /// </summary>
    public static IHostApplicationBuilder AddMediaTransport(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MediaTransportOptions>()
            .BindConfiguration(MediaTransportOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => DtlsCertificate.Generate(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MediaTransportOptions>>().Value;
            return new PeerTransportContext(sp.GetRequiredService<DtlsCertificate>(), new DtlsOptions
            {
                HandshakeTimeout = options.HandshakeTimeout,
                MaxConcurrentHandshakes = options.MaxConcurrentHandshakes,
                SrtpProfiles = options.SrtpProfiles ?? DtlsSrtpProfiles.Preference,
            });
        });
        services.TryAddSingleton<PeerTransportRegistry>();
        services.TryAddSingleton<IPeerTransportRegistry>(sp => sp.GetRequiredService<PeerTransportRegistry>());
        services.AddHostedService<DtlsWarmupService>();
        services.AddSingleton<UdpMediaHost>();
        services.AddHostedService(sp => sp.GetRequiredService<UdpMediaHost>());
        services.AddSingleton<IceTcpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<IceTcpListener>());
        return builder;
    }
}

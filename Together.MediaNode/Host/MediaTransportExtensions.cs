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
    /// the UDP socket, the ICE-TCP listener and the startup DTLS warm-up. <see cref="MediaTransportOptions"/> come from
    /// <paramref name="configure"/> (and from <c>AddMediaNode</c>, which maps the <c>Media</c> section onto them).
    /// </summary>
    public static IHostApplicationBuilder AddMediaTransport(
        this IHostApplicationBuilder builder, Action<MediaTransportOptions>? configure = null)
    {
        var services = builder.Services;
        var transportOptions = services.AddOptions<MediaTransportOptions>()
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            transportOptions.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SrtpRefusalCounters>();
        services.TryAddSingleton(sp => DtlsCertificate.Generate(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MediaTransportOptions>>().Value;
            return new PeerTransportContext(sp.GetRequiredService<DtlsCertificate>(), new DtlsOptions
            {
                HandshakeTimeout = options.HandshakeTimeout,
                MaxConcurrentHandshakes = options.MaxConcurrentHandshakes,
                SrtpProfiles = options.SrtpProfiles ?? DtlsSrtpProfiles.Preference,
            }, srtpRefusals: sp.GetRequiredService<SrtpRefusalCounters>());
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

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Together.MediaNode.Host;
using Together.MediaNode.Signaling;

namespace Together.MediaNode;

/// <summary>
/// One line, once the node is up, with everything an operator must open in a firewall or point clients at:
/// HTTP (signalling, control, health, metrics), the UDP media port, the ICE-TCP port and the announced address.
/// </summary>
public sealed partial class MediaNodeStartupLog(
    IHostApplicationLifetime lifetime,
    IServer server,
    UdpMediaHost udp,
    IceTcpListener tcp,
    IOptions<MediaNodeOptions> options,
    ILogger<MediaNodeStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            if (!logger.IsEnabled(LogLevel.Information))
            {
                return;
            }

            var http = string.Join(", ", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
            var udpEndPoint = udp.LocalEndPoint?.ToString() ?? "off";
            var tcpEndPoint = tcp.LocalEndPoint?.ToString() ?? "off";
            var control = string.IsNullOrEmpty(options.Value.ControlApiKey) ? "off (no Media:ControlApiKey)" : "on";
            var announced = string.Join(", ", options.Value.PublicAddresses());
            if (!options.Value.PublicAddressConfigured)
            {
                announced += " (this machine's interface addresses: enough on a LAN; behind NAT set Media:PublicAddress to the public address)";
            }

            LogReady(http, SignalingApi.Path, udpEndPoint, tcpEndPoint, announced, control);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Media node ready: HTTP {Http} (signalling {SignalingPath}), media UDP {Udp}, ICE-TCP {Tcp}, announced address {PublicAddress}, control API {Control}")]
    private partial void LogReady(string http, string signalingPath, string udp, string tcp, string publicAddress, string control);
}

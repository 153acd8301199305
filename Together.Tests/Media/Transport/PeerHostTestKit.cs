using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Together.MediaNode;
using Together.MediaNode.Host;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Srtp;

namespace Together.Tests.Media.Transport;

/// <summary>A real media transport host (UDP + ICE-TCP on loopback, ephemeral ports) and a recording peer handler.</summary>
internal sealed class MediaTransportTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private MediaTransportTestHost(IHost host)
    {
        _host = host;
        Registry = host.Services.GetRequiredService<PeerTransportRegistry>();
        Udp = host.Services.GetRequiredService<UdpMediaHost>();
        Tcp = host.Services.GetRequiredService<IceTcpListener>();
    }

    public PeerTransportRegistry Registry { get; }

    public UdpMediaHost Udp { get; }

    public IceTcpListener Tcp { get; }

    public IPEndPoint UdpEndPoint => Registry.UdpEndPoint!;

    public IPEndPoint TcpEndPoint => Registry.TcpEndPoint!;

    public static async Task<MediaTransportTestHost> StartAsync(string bindAddress = "127.0.0.1",
        Action<MediaNodeOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddMediaTransport(options =>
        {
            options.BindAddress = bindAddress;
            options.UdpPort = 0;
            options.TcpPort = 0;
            configure?.Invoke(options);
        });
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        return new MediaTransportTestHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(5));
        _host.Dispose();
    }
}

internal sealed class RecordingPeerHandler : IPeerTransportHandler
{
    public TaskCompletionSource<SrtpProfile> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<PeerDisconnectReason> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<byte[]> Rtp { get; } = new();

    public ConcurrentQueue<byte[]> Rtcp { get; } = new();

    public void OnConnected(PeerTransport peer, SrtpProfile profile) => Connected.TrySetResult(profile);

    public void OnDisconnected(PeerTransport peer, PeerDisconnectReason reason, string? detail) => Disconnected.TrySetResult(reason);

    public void OnRtp(PeerTransport peer, Span<byte> packet) => Rtp.Enqueue(packet.ToArray());

    public void OnRtcp(PeerTransport peer, Span<byte> packet) => Rtcp.Enqueue(packet.ToArray());
}

/// <summary>Helpers to wait for a condition with a bound, since sockets make these tests real-time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout}: {because}");
            }

            await Task.Delay(10);
        }
    }

    public static Socket LoopbackUdp(AddressFamily family = AddressFamily.InterNetwork)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        return socket;
    }
}

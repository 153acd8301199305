using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Together.MediaNode.Host;

/// <summary>
/// The node's one UDP socket: a dedicated receive thread with one reused buffer and one reused
/// <see cref="SocketAddress"/> (no allocation per datagram) that hands each datagram to the registry and forwards
/// it on the same thread — no hop through the thread pool between receive and send, and the pool stays free for
/// signalling, /health and /metrics — then flushes the fan-out with one <c>sendmmsg</c>; plus the timer that
/// drives peers' consent deadlines.
/// </summary>
public sealed class UdpMediaHost(PeerTransportRegistry registry, IOptions<MediaNodeOptions> options, TimeProvider time,
    ILogger<UdpMediaHost> logger) : BackgroundService
{
    private const int ReceiveBufferLength = 2048;
    private const int SocketBufferBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan TimerInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a blocked receive wakes to notice the host stopping.</summary>
    private const int ReceiveTimeoutMilliseconds = 250;

    private Socket? _socket;

    public IPEndPoint? LocalEndPoint => (IPEndPoint?)_socket?.LocalEndPoint;

    public int DroppedDatagrams { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var bind = IPAddress.Parse(options.Value.BindAddress);
        var socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }

        socket.ReceiveBufferSize = SocketBufferBytes;
        socket.SendBufferSize = SocketBufferBytes;
        socket.Bind(new IPEndPoint(bind, options.Value.UdpPort));
        _socket = socket;
        registry.AttachUdp(socket);
        MediaTransportLog.UdpListening(logger, (IPEndPoint)socket.LocalEndPoint!, socket.AddressFamily == AddressFamily.InterNetworkV6 && socket.DualMode);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _socket?.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timers = RunTimersAsync(stoppingToken);
        var receiving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var socket = _socket!;
        var thread = new Thread(() =>
        {
            try
            {
                ReceiveLoop(socket, stoppingToken);
                receiving.SetResult();
            }
            catch (Exception e)
            {
                receiving.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Media UDP receive",
        };
        thread.Start();
        await receiving.Task.ConfigureAwait(false);
        await timers.ConfigureAwait(false);
    }

    private void ReceiveLoop(Socket socket, CancellationToken stoppingToken)
    {
        socket.ReceiveTimeout = ReceiveTimeoutMilliseconds;
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferLength, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        var drops = new DropLogLimiter(logger, time, TimeSpan.FromSeconds(10));
        using var batch = UdpSendBatch.IsSupported ? new UdpSendBatch(socket) : null;
        PeerTransportRegistry.UseSendBatch(batch);
        while (!stoppingToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                // The periodic timeout (to check for stopping), or an ICMP port-unreachable from a departed peer
                // (ConnectionReset): keep serving the others.
                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            try
            {
                if (registry.ReceiveUdp(from, buffer.AsSpan(0, received)) is { } reason)
                {
                    drops.Drop(from, reason);
                    DroppedDatagrams = drops.Total;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug in one peer's handling must not stop the port for everyone.
                MediaTransportLog.ReceiveError(logger, e);
            }
            finally
            {
                batch?.Flush();
            }
        }
    }

    private async Task RunTimersAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimerInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                registry.HandleTimeouts();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Together.MediaNode.Transport.Peer;

namespace Together.MediaNode.Host;

/// <summary>
/// ICE-TCP passive candidates (RFC 6544) on one TCP port, for networks that block UDP. Each connection carries
/// RFC 4571 frames; it must pass an authenticated STUN check within a few seconds or it is closed, and then it is
/// bound to that one peer for its lifetime.
/// </summary>
public sealed class IceTcpListener(PeerTransportRegistry registry, IOptions<MediaNodeOptions> options,
    ILogger<IceTcpListener> logger) : BackgroundService
{
    private const int MaxFrameLength = 2048;
    private const int MaxConnections = 1024;
    private const int MaxUnauthenticatedFrames = 8;
    private static readonly TimeSpan AuthenticationDeadline = TimeSpan.FromSeconds(10);

    private TcpListener? _listener;
    private int _connections;

    public IPEndPoint? LocalEndPoint => (IPEndPoint?)_listener?.LocalEndpoint;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IceTcp)
        {
            return Task.CompletedTask;
        }

        var bind = IPAddress.Parse(options.Value.BindAddress);
        var listener = new TcpListener(bind, options.Value.TcpPort);
        if (bind.Equals(IPAddress.IPv6Any))
        {
            listener.Server.DualMode = true;
        }

        listener.Start();
        _listener = listener;
        registry.AttachTcp((IPEndPoint)listener.LocalEndpoint);
        MediaTransportLog.TcpListening(logger, (IPEndPoint)listener.LocalEndpoint);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Stop();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listener is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }

            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client, stoppingToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stoppingToken)
    {
        string reason = "closed by peer";
        var remote = client.Client.RemoteEndPoint as IPEndPoint;
        try
        {
            using (client)
            {
                client.NoDelay = true;
                remote = Normalize(remote!);
                var connection = new IceTcpConnection(client.GetStream(), remote);
                registry.AddTcpConnection(connection);
                using var closing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var writer = connection.WriteQueuedAsync(closing.Token);
                try
                {
                    reason = await ReadFramesAsync(client.GetStream(), connection, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    registry.RemoveTcpConnection(connection);
                    await closing.CancelAsync().ConfigureAwait(false);
                    await writer.ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            reason = e.GetType().Name;
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
            MediaTransportLog.TcpClosed(logger, remote, reason);
        }
    }

    private async Task<string> ReadFramesAsync(NetworkStream stream, IceTcpConnection connection, CancellationToken stoppingToken)
    {
        var buffer = new byte[MaxFrameLength];
        var header = new byte[2];
        PeerTransport? bound = null;
        int unauthenticated = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(AuthenticationDeadline);
        while (true)
        {
            var token = bound is null ? deadline.Token : stoppingToken;
            await stream.ReadExactlyAsync(header, token).ConfigureAwait(false);
            int length = BinaryPrimitives.ReadUInt16BigEndian(header);
            if (length == 0 || length > MaxFrameLength)
            {
                return $"frame of {length} bytes";
            }

            await stream.ReadExactlyAsync(buffer.AsMemory(0, length), token).ConfigureAwait(false);
            bound = registry.ReceiveTcp(connection, bound, buffer.AsSpan(0, length));
            if (bound is null && ++unauthenticated >= MaxUnauthenticatedFrames)
            {
                return "no authenticated STUN check";
            }

            if (bound?.State == PeerTransportState.Closed)
            {
                return "peer closed";
            }
        }
    }

    private static IPEndPoint Normalize(IPEndPoint endpoint) =>
        endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;
}

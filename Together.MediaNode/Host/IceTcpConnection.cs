using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Together.MediaNode.Host;

/// <summary>
/// One accepted ICE-TCP connection: RFC 4571 framing (a 2-byte big-endian length before each packet). Sending only
/// queues: a writer drains the queue to the socket, so a peer that reads slowly (or not at all) never blocks the
/// thread that forwards everyone's media; when its queue is full, its packets are dropped, as UDP would lose them.
/// </summary>
internal sealed class IceTcpConnection(NetworkStream stream, IPEndPoint remote)
{
    /// <summary>About a second of audio for a peer hearing ten speakers; beyond that the reader is not keeping up.</summary>
    public const int MaxQueuedFrames = 512;

    private readonly Channel<(byte[] Frame, int Length)> _queue = Channel.CreateBounded<(byte[] Frame, int Length)>(
        new BoundedChannelOptions(MaxQueuedFrames) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _dropped;

    public IPEndPoint Remote { get; } = remote;

    /// <summary>Frames dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues one framed packet without waiting; drops it when the reader is too far behind.</summary>
    public void Send(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > ushort.MaxValue)
        {
            return;
        }

        var frame = ArrayPool<byte>.Shared.Rent(packet.Length + 2);
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)packet.Length);
        packet.CopyTo(frame.AsSpan(2));
        if (!_queue.Writer.TryWrite((frame, packet.Length + 2)))
        {
            ArrayPool<byte>.Shared.Return(frame);
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes queued frames until <see cref="Complete"/>, the connection breaks, or stopping.</summary>
    public async Task WriteQueuedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (frame, length) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await stream.WriteAsync(frame.AsMemory(0, length), stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // The reader side notices the broken connection and removes it.
        }
        finally
        {
            Complete();
            while (_queue.Reader.TryRead(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Frame);
            }
        }
    }

    /// <summary>No more frames: the writer ends once the queue is empty.</summary>
    public void Complete() => _queue.Writer.TryComplete();
}

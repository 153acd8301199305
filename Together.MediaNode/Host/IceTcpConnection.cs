using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Together.MediaNode.Host;

/// <summary>One accepted ICE-TCP connection: RFC 4571 framing (a 2-byte big-endian length before each packet).</summary>
internal sealed class IceTcpConnection(NetworkStream stream, IPEndPoint remote)
{
    private readonly Lock _writeLock = new();

    public IPEndPoint Remote { get; } = remote;

    /// <summary>Writes one framed packet. Synchronous: a stalled reader slows only its own sends, bounded by the socket's send timeout.</summary>
    public void Send(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > ushort.MaxValue)
        {
            return;
        }

        var frame = ArrayPool<byte>.Shared.Rent(packet.Length + 2);
        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)packet.Length);
            packet.CopyTo(frame.AsSpan(2));
            lock (_writeLock)
            {
                stream.Write(frame, 0, packet.Length + 2);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The reader side notices the broken connection and removes it.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}

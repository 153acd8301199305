using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Together.MediaNode.Host;

/// <summary>
/// The datagrams one received packet fans out to, sent with one <c>sendmmsg</c> instead of one <c>sendto</c> each
/// (Linux). Owned by the UDP receive thread: the registry queues here while that thread forwards, and the thread
/// flushes after each datagram, so batching never delays a packet behind the next one's arrival.
/// </summary>
internal sealed unsafe partial class UdpSendBatch : IDisposable
{
    public const int Capacity = 64;
    private const int SlotLength = 2048;
    private const int NameLength = 32; // sockaddr_in6 is 28 bytes

    private readonly Socket _socket;
    private readonly byte* _memory;
    private readonly MMsgHdr* _messages;
    private readonly IoVec* _iovs;
    private readonly byte* _names;
    private readonly byte* _data;
    private int _count;

    public UdpSendBatch(Socket socket)
    {
        _socket = socket;
        var perMessage = sizeof(MMsgHdr) + sizeof(IoVec) + NameLength + SlotLength;
        _memory = (byte*)NativeMemory.AlignedAlloc((nuint)(Capacity * perMessage), 64);
        _messages = (MMsgHdr*)_memory;
        _iovs = (IoVec*)(_messages + Capacity);
        _names = (byte*)(_iovs + Capacity);
        _data = _names + (Capacity * NameLength);
    }

    public static bool IsSupported => OperatingSystem.IsLinux();

    public Socket Socket => _socket;

    /// <summary>Queues a copy; false when it cannot be batched (too large) and must be sent directly.</summary>
    public bool TryAdd(SocketAddress destination, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > SlotLength || destination.Size > NameLength)
        {
            return false;
        }

        if (_count == Capacity)
        {
            Flush();
        }

        var i = _count++;
        var name = _names + (i * NameLength);
        var data = _data + (i * SlotLength);
        destination.Buffer.Span[..destination.Size].CopyTo(new Span<byte>(name, NameLength));
        datagram.CopyTo(new Span<byte>(data, SlotLength));
        _iovs[i] = new IoVec { Base = data, Length = (nuint)datagram.Length };
        _messages[i] = new MMsgHdr
        {
            Header = new MsgHdr { Name = name, NameLength = (uint)destination.Size, Iov = _iovs + i, IovLength = 1 },
        };
        return true;
    }

    /// <summary>Sends what is queued. A datagram the kernel refuses (a pending ICMP error for its peer) is skipped, as UDP would lose it.</summary>
    public void Flush()
    {
        var sent = 0;
        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            while (sent < _count)
            {
                var result = SendMMsg(fd, _messages + sent, (uint)(_count - sent), 0);
                sent += result > 0 ? result : 1;
            }
        }
        catch (ObjectDisposedException)
        {
            // Stopping: the socket is gone, and so are the peers.
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }

            _count = 0;
        }
    }

    public void Dispose() => NativeMemory.AlignedFree(_memory);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using static Together.Bench.Media.Load.LinuxUdp;

namespace Together.Bench.Media.Load;

/// <summary>
/// One UDP socket on 0.0.0.0 that stands for thousands of clients: each client has its own loopback address
/// (127.1.x.y), sends from it with IP_PKTINFO and is found again by the destination address of what arrives. The
/// node sees distinct 5-tuples; the generator needs one socket, one receive thread and batched system calls.
/// </summary>
internal sealed unsafe class SharedUdpSocket : IDisposable
{
    public const int MaxDatagram = 2048;
    private const int ControlLength = 128;
    private const int BufferBytes = 64 * 1024 * 1024;

    private readonly int _fd;

    public SharedUdpSocket()
    {
        _fd = LinuxUdp.Socket(AfInet, SockDgram, 0);
        if (_fd < 0)
        {
            throw new InvalidOperationException($"socket failed: errno {Marshal.GetLastPInvokeError()}");
        }

        // Root may exceed net.core.rmem_max: a burst the receive thread has not drained yet must not be dropped here.
        SetOption(_fd, SolSocket, SoRcvBufForce, BufferBytes);
        SetOption(_fd, SolSocket, SoSndBufForce, BufferBytes);
        SetOption(_fd, IpProtoIp, IpPktInfo, 1);
        SetOption(_fd, SolSocket, SoTimestampNs, 1);
        var any = new SockAddrIn { Family = AfInet };
        if (Bind(_fd, &any, (uint)sizeof(SockAddrIn)) != 0)
        {
            throw new InvalidOperationException($"bind failed: errno {Marshal.GetLastPInvokeError()}");
        }

        uint length = (uint)sizeof(SockAddrIn);
        GetSockName(_fd, &any, &length);
        Port = BinaryPrimitives.ReverseEndianness(any.PortNetworkOrder);
    }

    public int Port { get; }

    /// <summary>The loopback address of client <paramref name="index"/> (0-based), in network byte order.</summary>
    public static uint ClientAddress(int index) =>
        BinaryPrimitives.ReverseEndianness((127u << 24) | (1u << 16) | (uint)(index + 1));

    /// <summary>The client index of a network-order destination address, or -1 when it is not one of ours.</summary>
    public static int ClientIndex(uint addressNetworkOrder)
    {
        var host = BinaryPrimitives.ReverseEndianness(addressNetworkOrder);
        return (host >> 16) == ((127u << 8) | 1u) && (host & 0xFFFF) != 0 ? (int)(host & 0xFFFF) - 1 : -1;
    }

    public static SockAddrIn Destination(IPEndPoint endpoint) => new()
    {
        Family = AfInet,
        PortNetworkOrder = BinaryPrimitives.ReverseEndianness((ushort)endpoint.Port),
        AddressNetworkOrder = BitConverter.ToUInt32(endpoint.Address.MapToIPv4().GetAddressBytes()),
    };

    /// <summary>Sends one datagram from a client's address; thread-safe (the kernel serialises per call).</summary>
    public void SendFrom(uint sourceNetworkOrder, in SockAddrIn destination, ReadOnlySpan<byte> datagram)
    {
        var batch = stackalloc MMsgHdr[1];
        var iov = stackalloc IoVec[1];
        var control = stackalloc byte[ControlLength];
        var to = destination;
        fixed (byte* data = datagram)
        {
            iov[0] = new IoVec { Base = data, Length = (nuint)datagram.Length };
            batch[0] = default;
            batch[0].Header = new MsgHdr
            {
                Name = &to, NameLength = (uint)sizeof(SockAddrIn), Iov = iov, IovLength = 1, Control = control,
                ControlLength = (nuint)WritePktInfo(control, sourceNetworkOrder),
            };
            SendMMsg(_fd, batch, 1, 0);
        }
    }

    /// <summary>Fills <paramref name="batch"/> with what is queued, up to its capacity, without waiting; 0 when nothing is.</summary>
    public int Receive(ReceiveBatch batch)
    {
        batch.Reset();
        var count = RecvMMsg(_fd, batch.Messages, (uint)batch.Capacity, MsgDontWait, null);
        if (count < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is EAgain or EIntr ? 0 : throw new InvalidOperationException($"recvmmsg failed: errno {errno}");
        }

        return count;
    }

    public void Send(SendBatch batch)
    {
        var sent = 0;
        while (sent < batch.Count)
        {
            var result = SendMMsg(_fd, batch.Messages + sent, (uint)(batch.Count - sent), 0);
            if (result <= 0)
            {
                break; // loopback drops only on a full buffer; the listeners' sequence numbers count it as loss
            }

            sent += result;
        }

        batch.Clear();
    }

    internal static int WritePktInfo(byte* control, uint sourceNetworkOrder)
    {
        var header = (CMsgHdr*)control;
        header->Length = (nuint)(CMsgDataOffset + sizeof(InPktInfo));
        header->Level = IpProtoIp;
        header->Type = IpPktInfo;
        *(InPktInfo*)(control + CMsgDataOffset) = new InPktInfo { SpecificDestination = sourceNetworkOrder };
        return Space(sizeof(InPktInfo));
    }

    public void Dispose() => LinuxUdp.Close(_fd);

    /// <summary>Native buffers for one recvmmsg: datagrams, their destination addresses and kernel arrival times.</summary>
    internal sealed class ReceiveBatch : IDisposable
    {
        private readonly byte* _memory;

        public ReceiveBatch(int capacity)
        {
            Capacity = capacity;
            var perMessage = sizeof(MMsgHdr) + sizeof(IoVec) + sizeof(SockAddrIn) + ControlLength + MaxDatagram;
            _memory = (byte*)NativeMemory.AlignedAlloc((nuint)(capacity * perMessage), 64);
            Messages = (MMsgHdr*)_memory;
            var iovs = (IoVec*)(Messages + capacity);
            var names = (SockAddrIn*)(iovs + capacity);
            var controls = (byte*)(names + capacity);
            var data = controls + (capacity * ControlLength);
            for (var i = 0; i < capacity; i++)
            {
                iovs[i] = new IoVec { Base = data + (i * MaxDatagram), Length = MaxDatagram };
                Messages[i].Header = new MsgHdr { Name = names + i, Iov = iovs + i, IovLength = 1, Control = controls + (i * ControlLength) };
            }
        }

        public int Capacity { get; }

        public MMsgHdr* Messages { get; }

        public Span<byte> Datagram(int i) => new(Messages[i].Header.Iov->Base, (int)Messages[i].Length);

        /// <summary>Where the datagram was sent to (network order), and when the kernel queued it (Unix ns; 0 if absent).</summary>
        public (uint Destination, long ArrivalNanoseconds) Ancillary(int i)
        {
            uint destination = 0;
            long arrival = 0;
            var header = Messages[i].Header;
            var control = (byte*)header.Control;
            var offset = 0;
            while (offset + sizeof(CMsgHdr) <= (int)header.ControlLength)
            {
                var cmsg = (CMsgHdr*)(control + offset);
                if (cmsg->Level == IpProtoIp && cmsg->Type == IpPktInfo)
                {
                    destination = ((InPktInfo*)(control + offset + CMsgDataOffset))->Address;
                }
                else if (cmsg->Level == SolSocket && cmsg->Type == SoTimestampNs)
                {
                    var time = (TimeSpec*)(control + offset + CMsgDataOffset);
                    arrival = (time->Seconds * 1_000_000_000) + time->Nanoseconds;
                }

                offset += Align((int)cmsg->Length);
            }

            return (destination, arrival);
        }

        public void Reset()
        {
            for (var i = 0; i < Capacity; i++)
            {
                Messages[i].Header.NameLength = (uint)sizeof(SockAddrIn);
                Messages[i].Header.ControlLength = ControlLength;
                Messages[i].Header.Flags = 0;
            }
        }

        public void Dispose() => NativeMemory.AlignedFree(_memory);
    }

    /// <summary>Datagrams queued for one sendmmsg, each from its own client address.</summary>
    internal sealed class SendBatch : IDisposable
    {
        private const int ControlSpace = 32;
        private readonly byte* _memory;
        private readonly IoVec* _iovs;
        private readonly SockAddrIn* _names;
        private readonly byte* _controls;
        private readonly byte* _data;

        public SendBatch(int capacity)
        {
            Capacity = capacity;
            var perMessage = sizeof(MMsgHdr) + sizeof(IoVec) + sizeof(SockAddrIn) + ControlSpace + MaxDatagram;
            _memory = (byte*)NativeMemory.AlignedAlloc((nuint)(capacity * perMessage), 64);
            Messages = (MMsgHdr*)_memory;
            _iovs = (IoVec*)(Messages + capacity);
            _names = (SockAddrIn*)(_iovs + capacity);
            _controls = (byte*)(_names + capacity);
            _data = _controls + (capacity * ControlSpace);
        }

        public int Capacity { get; }

        public int Count { get; private set; }

        public MMsgHdr* Messages { get; }

        /// <summary>The buffer to write the next datagram into; commit it with <see cref="Add"/>.</summary>
        public Span<byte> Next => new(_data + (Count * MaxDatagram), MaxDatagram);

        public void Add(uint sourceNetworkOrder, in SockAddrIn destination, int length)
        {
            var i = Count++;
            _names[i] = destination;
            _iovs[i] = new IoVec { Base = _data + (i * MaxDatagram), Length = (nuint)length };
            var control = _controls + (i * ControlSpace);
            Messages[i] = default;
            Messages[i].Header = new MsgHdr
            {
                Name = _names + i, NameLength = (uint)sizeof(SockAddrIn), Iov = _iovs + i, IovLength = 1, Control = control,
                ControlLength = (nuint)WritePktInfo(control, sourceNetworkOrder),
            };
        }

        public void Clear() => Count = 0;

        public void Dispose() => NativeMemory.AlignedFree(_memory);
    }
}

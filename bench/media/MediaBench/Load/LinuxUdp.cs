using System.Runtime.InteropServices;

namespace Together.Bench.Media.Load;

/// <summary>
/// The few Linux socket calls .NET does not expose: recvmmsg/sendmmsg (many datagrams per system call), IP_PKTINFO
/// (receive the destination address, send from a chosen local address) and SO_TIMESTAMPNS (the kernel's arrival time).
/// x86-64/arm64 Linux layouts.
/// </summary>
internal static unsafe partial class LinuxUdp
{
    public const int AfInet = 2;
    public const int SockDgram = 2;
    public const int SolSocket = 1;
    public const int IpProtoIp = 0;
    public const int IpPktInfo = 8;
    public const int SoTimestampNs = 35;
    public const int SoSndBufForce = 32;
    public const int SoRcvBufForce = 33;
    public const int MsgDontWait = 0x40;
    public const int EAgain = 11;
    public const int EIntr = 4;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, SockAddrIn* address, uint length);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, SockAddrIn* address, uint* length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrIn
    {
        public ushort Family;
        public ushort PortNetworkOrder;
        public uint AddressNetworkOrder;
        public ulong Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
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
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CMsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct InPktInfo
    {
        public int InterfaceIndex;
        public uint SpecificDestination;
        public uint Address;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>CMSG_ALIGN(sizeof(struct cmsghdr)): where a control message's data starts.</summary>
    public static readonly int CMsgDataOffset = Align(sizeof(CMsgHdr));

    public static int Align(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);

    public static int Space(int dataLength) => CMsgDataOffset + Align(dataLength);

    public static void SetOption(int fd, int level, int name, int value)
    {
        if (SetSockOpt(fd, level, name, &value, sizeof(int)) != 0)
        {
            throw new InvalidOperationException($"setsockopt({level}, {name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}

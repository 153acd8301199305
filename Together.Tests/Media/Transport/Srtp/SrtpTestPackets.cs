using System.Buffers.Binary;

namespace Together.Tests.Media.Transport.Srtp;

internal static class SrtpTestPackets
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>An Opus-like RTP packet with room for the SRTP trailer after it.</summary>
    public static byte[] RtpPacket(uint ssrc, ushort seq, int payloadLength = 60, int spare = 32)
    {
        var packet = new byte[12 + payloadLength + spare];
        packet[0] = 0x80;
        packet[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), seq * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 0; i < payloadLength; i++)
        {
            packet[12 + i] = (byte)(seq + i);
        }

        return packet;
    }

    /// <summary>A receiver report with one report block, plus spare room.</summary>
    public static byte[] ReceiverReport(uint ssrc, int spare = 32)
    {
        var packet = new byte[32 + spare];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xCAFEBABE);
        packet[12] = 3;
        return packet;
    }
}

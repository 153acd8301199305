using System.Buffers.Binary;
using System.Text;
using Together.MediaNode.Transport.Rtcp;

namespace Together.Tests.Media.Transport.Rtcp;

public sealed class RtcpPacketTests
{
    // A recvonly Chromium's RR as RFC 3550 §6.4.2 lays it out: placeholder sender SSRC 1, one block.
    private static readonly byte[] ExpectedReceiverReport = Convert.FromHexString(
        "81C90007" + "00000001"
        + "DEADBEEF" + "05FFFFFE" + "0001FFF0" + "00000010" + "12345678" + "00008000");

    private static byte[] ReceiverReportWithCname()
    {
        var buffer = new byte[200];
        var block = new RtcpReportBlock(0xDEADBEEF, 5, -2, 0x0001FFF0, 16, 0x12345678, 0x8000);
        Assert.True(RtcpWriter.TryWriteReceiverReport(buffer, 1, [block], out var rr));
        Assert.True(RtcpWriter.TryWriteSourceDescription(buffer.AsSpan(rr), 1, "AwToYhNUeJJzA4kQ"u8, out var sdes));
        return buffer[..(rr + sdes)];
    }

    [Fact]
    public void Receiver_report_bytes_are_laid_out_as_rfc3550_says()
    {
        var compound = ReceiverReportWithCname();

        Assert.Equal(ExpectedReceiverReport, compound[..32]);
        Assert.Equal(32 + 4 + 4 + 2 + 16 + 2, compound.Length);
        Assert.Equal(0, compound.Length % 4);
    }

    [Fact]
    public void Compound_receiver_report_and_cname_are_read_back()
    {
        var reader = new RtcpCompoundReader(ReceiverReportWithCname());

        Assert.True(reader.TryReadNext(out var rr));
        Assert.Equal(RtcpPacketType.ReceiverReport, rr.Type);
        Assert.True(RtcpReports.TryReadReceiverReport(rr, out var reporter, out var blocks));
        Assert.Equal(1u, reporter);
        Assert.Equal(1, blocks.Count);
        Assert.Equal(new RtcpReportBlock(0xDEADBEEF, 5, -2, 0x0001FFF0, 16, 0x12345678, 0x8000), blocks[0]);

        Assert.True(reader.TryReadNext(out var sdes));
        var chunks = new RtcpSdesReader(sdes);
        Assert.True(chunks.TryReadNext(out var ssrc, out var cname));
        Assert.Equal(1u, ssrc);
        Assert.Equal("AwToYhNUeJJzA4kQ", Encoding.ASCII.GetString(cname));
        Assert.False(chunks.TryReadNext(out _, out _));
        Assert.False(chunks.IsMalformed);

        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void Sender_report_with_blocks_round_trips()
    {
        var buffer = new byte[200];
        var sender = new RtcpSenderInfo(0xAABBCCDD, 0xE0000000_80000000, 123456, 50, 4000);
        RtcpReportBlock[] blocks = [new(1, 0, 0, 100, 3, 0, 0), new(2, 255, 0x7FFFFF, uint.MaxValue, 9, 1, 2)];

        Assert.True(RtcpWriter.TryWriteSenderReport(buffer, sender, blocks, out var length));
        Assert.Equal(28 + 48, length);

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(RtcpReports.TryReadSenderReport(packet, out var readSender, out var readBlocks));
        Assert.Equal(sender, readSender);
        Assert.Equal(2, readBlocks.Count);
        Assert.Equal(blocks[0], readBlocks[0]);
        Assert.Equal(blocks[1], readBlocks[1]);
    }

    [Fact]
    public void Unknown_and_unhandled_types_are_skipped_in_order()
    {
        var buffer = new byte[300];
        var position = 0;
        Assert.True(RtcpWriter.TryWriteReceiverReport(buffer, 9, [], out var length));
        position += length;
        Convert.FromHexString("80CC0002" + "00000009" + "4E414D45").CopyTo(buffer, position);       // APP "NAME"
        position += 12;
        Convert.FromHexString("80CF0002" + "00000009" + "04000001").CopyTo(buffer, position);       // XR
        position += 12;
        Convert.FromHexString("80D20001" + "00000009").CopyTo(buffer, position);                    // type 210
        position += 8;
        Convert.FromHexString("81CE0002" + "00000009" + "DEADBEEF").CopyTo(buffer, position);       // PSFB PLI
        position += 12;
        Convert.FromHexString("81CD0003" + "00000009" + "DEADBEEF" + "00100003").CopyTo(buffer, position); // NACK
        position += 16;
        Assert.True(RtcpWriter.TryWriteGoodbye(buffer.AsSpan(position), 9, out length));
        position += length;

        var types = new List<(RtcpPacketType, int)>();
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, position));
        uint nackMedia = 0;
        var byeCount = 0;
        while (reader.TryReadNext(out var packet))
        {
            types.Add((packet.Type, packet.Count));
            if (packet.Type == RtcpPacketType.TransportFeedback)
            {
                Assert.True(RtcpReports.TryReadFeedback(packet, out _, out nackMedia, out var fci));
                Assert.Equal(0x10, BinaryPrimitives.ReadUInt16BigEndian(fci));
            }

            if (packet.Type == RtcpPacketType.Goodbye)
            {
                Assert.True(RtcpReports.TryReadGoodbye(packet, out var sources, out byeCount));
                Assert.Equal(9u, BinaryPrimitives.ReadUInt32BigEndian(sources));
            }
        }

        Assert.False(reader.IsMalformed);
        Assert.Equal(
            [(RtcpPacketType.ReceiverReport, 0), (RtcpPacketType.ApplicationDefined, 0), (RtcpPacketType.ExtendedReport, 0),
             ((RtcpPacketType)210, 0), (RtcpPacketType.PayloadSpecificFeedback, 1), (RtcpPacketType.TransportFeedback, 1),
             (RtcpPacketType.Goodbye, 1)],
            types);
        Assert.Equal(0xDEADBEEFu, nackMedia);
        Assert.Equal(1, byeCount);
    }

    [Fact]
    public void Padding_is_removed_from_the_last_packet()
    {
        var packet = Convert.FromHexString("A0CA0002" + "00000007" + "00000004");

        var reader = new RtcpCompoundReader(packet);

        Assert.True(reader.TryReadNext(out var sdes));
        Assert.Equal(4, sdes.Body.Length);
    }

    [Theory]
    [InlineData("81C9")]                                   // shorter than a header
    [InlineData("41C9000100000001")]                       // version 1
    [InlineData("81C9000700000001")]                       // length past the end
    [InlineData("A1C9000100000000")]                       // padding count 0
    [InlineData("A1C9000100000009")]                       // padding longer than the body
    public void Malformed_compounds_stop_the_walk(string hex)
    {
        var reader = new RtcpCompoundReader(Convert.FromHexString(hex));

        Assert.False(reader.TryReadNext(out _));
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void Report_counts_larger_than_the_body_are_refused()
    {
        var reader = new RtcpCompoundReader(Convert.FromHexString("82C90001" + "00000001"));
        Assert.True(reader.TryReadNext(out var rr));

        Assert.False(RtcpReports.TryReadReceiverReport(rr, out _, out _));
        Assert.False(RtcpReports.TryReadSenderReport(rr, out _, out _));
    }

    [Fact]
    public void Rtcp_is_told_apart_from_rtp_by_packet_type()
    {
        Assert.True(RtcpPacket.LooksLikeRtcp(ReceiverReportWithCname()));
        Assert.False(RtcpPacket.LooksLikeRtcp(Convert.FromHexString("806F0001000000020000000300")));
        Assert.False(RtcpPacket.LooksLikeRtcp(Convert.FromHexString("80")));
    }

    [Fact]
    public void Mutated_compounds_never_throw()
    {
        var random = new Random(7);
        var seed = ReceiverReportWithCname();
        for (var i = 0; i < 20_000; i++)
        {
            var packet = seed.ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
            }

            var reader = new RtcpCompoundReader(packet.AsSpan(0, random.Next(packet.Length + 1)));
            while (reader.TryReadNext(out var rtcp))
            {
                if (RtcpReports.TryReadReceiverReport(rtcp, out _, out var blocks))
                {
                    for (var b = 0; b < blocks.Count; b++)
                    {
                        _ = blocks[b];
                    }
                }

                RtcpReports.TryReadSenderReport(rtcp, out _, out _);
                RtcpReports.TryReadFeedback(rtcp, out _, out _, out _);
                RtcpReports.TryReadGoodbye(rtcp, out _, out _);
                var sdes = new RtcpSdesReader(rtcp);
                while (sdes.TryReadNext(out _, out _))
                {
                }
            }
        }
    }
}

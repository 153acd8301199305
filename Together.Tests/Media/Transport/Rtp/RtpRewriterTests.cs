using System.Text;
using Together.MediaNode.Transport.Rtp;

namespace Together.Tests.Media.Transport.Rtp;

public sealed class RtpRewriterTests
{
    private static readonly RtpExtensionIds Subscriber = new(AudioLevel: 1, Mid: 4);

    [Fact]
    public void Rewrite_sets_the_subscriber_fields_keeps_audio_level_and_payload_and_drops_other_extensions()
    {
        var source = RtpHeaderTests.ChromiumLikePacket;
        var destination = new byte[200];

        Assert.True(RtpRewriter.TryRewrite(source, destination, 0x01020304, 7, 96000, 1, Subscriber, "3"u8, out var length));

        var packet = destination.AsSpan(0, length);
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(0x01020304u, header.Ssrc);
        Assert.Equal(7, header.SequenceNumber);
        Assert.Equal(96000u, header.Timestamp);
        Assert.True(header.Marker);
        Assert.Equal(111, header.PayloadType);
        Assert.True(header.TryGetAudioLevel(1, out var voice, out var level));
        Assert.True(voice);
        Assert.Equal(85, level);
        Assert.True(header.TryGetExtension(4, out var mid));
        Assert.Equal("3", Encoding.ASCII.GetString(mid));
        Assert.False(header.TryGetExtension(2, out _));
        Assert.Equal(RtpExtensionReader.OneByteProfile, header.ExtensionProfile);
        Assert.Equal(Convert.FromHexString("FCFF01020304"), packet[header.HeaderLength..].ToArray());
        Assert.Equal(0x90, packet[0]);
    }

    [Fact]
    public void Rewrite_moves_the_audio_level_to_the_subscriber_id_and_grows_a_packet_without_extensions()
    {
        var source = Convert.FromHexString("806F0001" + "00000002" + "00000003" + "CAFE");
        var destination = new byte[100];

        Assert.True(RtpRewriter.TryRewrite(source, destination, 9, 1, 2, 1, new RtpExtensionIds(5, 9), "speaker-1"u8, out var length));

        Assert.True(RtpHeader.TryParse(destination.AsSpan(0, length), out var header));
        Assert.True(header.HasExtension);
        Assert.False(header.TryGetAudioLevel(5, out _, out _));
        Assert.True(header.TryGetExtension(9, out var mid));
        Assert.Equal("speaker-1", Encoding.ASCII.GetString(mid));
        Assert.Equal(0, header.HeaderLength % 4);
        Assert.Equal("CAFE", Convert.ToHexString(destination, header.HeaderLength, length - header.HeaderLength));
    }

    [Fact]
    public void Rewrite_uses_the_two_byte_form_for_a_long_mid_or_a_high_id()
    {
        var destination = new byte[200];
        var longMid = "a-mid-longer-than-16-bytes"u8;

        Assert.True(RtpRewriter.TryRewrite(RtpHeaderTests.ChromiumLikePacket, destination, 1, 1, 1, 1, Subscriber, longMid, out var length));
        Assert.True(RtpHeader.TryParse(destination.AsSpan(0, length), out var header));
        Assert.Equal(RtpExtensionReader.TwoByteProfile, header.ExtensionProfile);
        Assert.True(header.TryGetExtension(4, out var mid));
        Assert.Equal(longMid.ToArray(), mid.ToArray());
        Assert.True(header.TryGetAudioLevel(1, out _, out var level));
        Assert.Equal(85, level);

        Assert.True(RtpRewriter.TryRewrite(RtpHeaderTests.ChromiumLikePacket, destination, 1, 1, 1, 1, new RtpExtensionIds(1, 20), "0"u8, out length));
        Assert.True(RtpHeader.TryParse(destination.AsSpan(0, length), out header));
        Assert.Equal(RtpExtensionReader.TwoByteProfile, header.ExtensionProfile);
        Assert.True(header.TryGetExtension(20, out mid));
        Assert.Equal("0", Encoding.ASCII.GetString(mid));
    }

    [Fact]
    public void Rewrite_without_negotiated_extensions_removes_the_block()
    {
        var destination = new byte[200];

        Assert.True(RtpRewriter.TryRewrite(RtpHeaderTests.ChromiumLikePacket, destination, 1, 1, 1, 1, default, [], out var length));

        Assert.True(RtpHeader.TryParse(destination.AsSpan(0, length), out var header));
        Assert.False(header.HasExtension);
        Assert.Equal(12 + 6, length);
    }

    [Fact]
    public void Rewrite_refuses_a_short_destination_an_overlapping_one_and_a_malformed_source()
    {
        var source = RtpHeaderTests.ChromiumLikePacket;

        Assert.False(RtpRewriter.TryRewrite(source, new byte[20], 1, 1, 1, 1, Subscriber, "0"u8, out var length));
        Assert.Equal(0, length);
        var shared = new byte[200];
        source.CopyTo(shared, 0);
        Assert.False(RtpRewriter.TryRewrite(shared.AsSpan(0, source.Length), shared.AsSpan(10), 1, 1, 1, 1, Subscriber, "0"u8, out _));
        Assert.False(RtpRewriter.TryRewrite(source.AsSpan(0, 14), new byte[200], 1, 1, 1, 1, Subscriber, "0"u8, out _));
    }

    [Fact]
    public void In_place_setters_change_only_their_field()
    {
        var packet = RtpHeaderTests.ChromiumLikePacket.ToArray();

        RtpRewriter.SetSsrc(packet, 5);
        RtpRewriter.SetSequenceNumber(packet, 6);
        RtpRewriter.SetTimestamp(packet, 7);
        RtpRewriter.SetMarker(packet, false);

        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal((5u, (ushort)6, 7u, false, (byte)111), (header.Ssrc, header.SequenceNumber, header.Timestamp, header.Marker, header.PayloadType));
        Assert.Equal(RtpHeaderTests.ChromiumLikePacket[12..], packet[12..]);
    }

    [Fact]
    public void Writer_builds_a_packet_the_parser_reads_back()
    {
        var buffer = new byte[100];
        var fields = new RtpPacketFields(111, true, 65535, 4_000_000_000, 0xABCDEF01, VoiceActivity: true, AudioLevel: 30);

        Assert.True(RtpPacketWriter.TryWrite(buffer, fields, Subscriber, "7"u8, [1, 2, 3], out var length));

        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, length), out var header));
        Assert.Equal((true, (byte)111, (ushort)65535, 4_000_000_000u, 0xABCDEF01u), (header.Marker, header.PayloadType, header.SequenceNumber, header.Timestamp, header.Ssrc));
        Assert.True(header.TryGetAudioLevel(1, out var voice, out var level));
        Assert.Equal((true, (byte)30), (voice, level));
        Assert.True(header.TryGetExtension(4, out var mid));
        Assert.Equal("7", Encoding.ASCII.GetString(mid));
        Assert.Equal([1, 2, 3], buffer[header.HeaderLength..length]);
    }

    [Fact]
    public void Rewrite_allocates_nothing()
    {
        var source = RtpHeaderTests.ChromiumLikePacket;
        var destination = new byte[1500];
        RtpRewriter.TryRewrite(source, destination, 1, 1, 1, 1, Subscriber, "0"u8, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            RtpRewriter.TryRewrite(source, destination, 1, (ushort)i, 1, 1, Subscriber, "0"u8, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Mutated_packets_never_throw()
    {
        var random = new Random(42);
        var destination = new byte[600];
        for (var i = 0; i < 20_000; i++)
        {
            var packet = RtpHeaderTests.ChromiumLikePacket.ToArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
            }

            var cut = packet.AsSpan(0, random.Next(packet.Length + 1));
            if (RtpHeader.TryParse(cut, out var header))
            {
                header.TryGetPayload(out _, out _);
                header.TryGetAudioLevel(1, out _, out _);
                header.TryGetExtension((byte)random.Next(256), out _);
            }

            RtpRewriter.TryRewrite(cut, destination, 1, 1, 1, 1, Subscriber, "0"u8, out var length);
            Assert.InRange(length, 0, destination.Length);
        }
    }
}

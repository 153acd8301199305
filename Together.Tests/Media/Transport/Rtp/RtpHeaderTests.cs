using System.Text;
using Together.MediaNode.Transport.Rtp;

namespace Together.Tests.Media.Transport.Rtp;

public sealed class RtpHeaderTests
{
    // What Chromium sends on an audio m-line with ssrc-audio-level (id 1) and sdes:mid (id 4) negotiated,
    // plus abs-send-time (id 2) as an extension we never negotiate: one-byte form, a padding byte at the end.
    internal static readonly byte[] ChromiumLikePacket = Convert.FromHexString(
        "90EF1234" + "0000ABCD" + "DEADBEEF"    // V=2 X=1, M=1 PT=111, seq 0x1234, ts, ssrc
        + "BEDE0003"                            // one-byte profile, 3 words
        + "10" + "D5"                            // id 1 len 1: V=1, level 0x55 = 85
        + "22" + "ABCDEF"                        // id 2 len 3: abs-send-time
        + "40" + "30"                            // id 4 len 1: mid "0"
        + "00000000"                             // padding
        + "FCFF01020304");                       // Opus payload

    [Fact]
    public void Fixed_header_fields_are_read()
    {
        Assert.True(RtpHeader.TryParse(ChromiumLikePacket, out var header));

        Assert.True(header.Marker);
        Assert.Equal(111, header.PayloadType);
        Assert.Equal(0x1234, header.SequenceNumber);
        Assert.Equal(0xABCDu, header.Timestamp);
        Assert.Equal(0xDEADBEEFu, header.Ssrc);
        Assert.Equal(0, header.CsrcCount);
        Assert.True(header.HasExtension);
        Assert.Equal(RtpExtensionReader.OneByteProfile, header.ExtensionProfile);
        Assert.Equal(28, header.HeaderLength);
        Assert.True(header.TryGetPayload(out var offset, out var length));
        Assert.Equal((28, 6), (offset, length));
    }

    [Fact]
    public void One_byte_extensions_are_found_by_id()
    {
        Assert.True(RtpHeader.TryParse(ChromiumLikePacket, out var header));

        Assert.True(header.TryGetAudioLevel(1, out var voice, out var level));
        Assert.True(voice);
        Assert.Equal(85, level);
        Assert.True(header.TryGetExtension(4, out var mid));
        Assert.Equal("0", Encoding.ASCII.GetString(mid));
        Assert.True(header.TryGetExtension(2, out var absSendTime));
        Assert.Equal([0xAB, 0xCD, 0xEF], absSendTime.ToArray());
        Assert.False(header.TryGetExtension(3, out _));
        Assert.False(header.TryGetAudioLevel(0, out _, out _));
    }

    [Fact]
    public void Two_byte_extensions_with_csrcs_are_found_by_id()
    {
        var packet = Convert.FromHexString(
            "92000001" + "00000002" + "00000003"   // V=2 X=1 CC=2
            + "11111111" + "22222222"               // CSRCs
            + "10000007"                             // two-byte profile, 7 words
            + "0101" + "7F"                          // id 1 len 1: V=0, level 127
            + "00"                                   // padding between elements
            + "1014" + "6162636465666768696A6B6C6D6E6F7071727374" // id 16 len 20
            + "0000"
            + "AA");

        Assert.True(RtpHeader.TryParse(packet, out var header));

        Assert.Equal(2, header.CsrcCount);
        Assert.Equal(0x22222222u, header.GetCsrc(1));
        Assert.Equal(12 + 8 + 4 + 28, header.HeaderLength);
        Assert.True(header.TryGetAudioLevel(1, out var voice, out var level));
        Assert.False(voice);
        Assert.Equal(127, level);
        Assert.True(header.TryGetExtension(16, out var mid));
        Assert.Equal("abcdefghijklmnopqrst", Encoding.ASCII.GetString(mid));
    }

    [Fact]
    public void Id_15_ends_a_one_byte_block()
    {
        var packet = Convert.FromHexString("900000010000000200000003" + "BEDE0001" + "F0" + "1055" + "00" + "AA");

        Assert.True(RtpHeader.TryParse(packet, out var header));

        Assert.False(header.TryGetExtension(1, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("8000000100000002000000")]                  // 11 bytes
    [InlineData("400000010000000200000003")]                // version 1
    [InlineData("810000010000000200000003")]                // CC=1 but no CSRC
    [InlineData("900000010000000200000003BEDE")]            // extension header cut
    [InlineData("900000010000000200000003BEDE0002AABBCCDD")] // extension longer than the packet
    public void Malformed_headers_are_refused(string hex)
    {
        Assert.False(RtpHeader.TryParse(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void An_element_running_past_its_block_is_malformed_and_not_found()
    {
        var packet = Convert.FromHexString("900000010000000200000003" + "BEDE0001" + "10AA" + "4F" + "00" + "AA");

        Assert.True(RtpHeader.TryParse(packet, out var header));
        var reader = header.GetExtensionReader();

        Assert.True(reader.TryReadNext(out var id, out _));
        Assert.Equal(1, id);
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.True(reader.IsMalformed);
        Assert.False(header.TryGetExtension(4, out _));
    }

    [Theory]
    [InlineData("A00000010000000200000003AABB02", true, 2)]   // 3 payload bytes, the last 2 are padding
    [InlineData("A00000010000000200000003AABB00", false, 0)]  // padding count 0
    [InlineData("A00000010000000200000003AABB04", false, 0)]  // padding longer than the payload
    [InlineData("A00000010000000200000003", false, 0)]        // padding bit, no payload
    public void Padding_is_removed_from_the_payload(string hex, bool valid, int padding)
    {
        var packet = Convert.FromHexString(hex);

        Assert.True(RtpHeader.TryParse(packet, out var header));

        Assert.Equal(valid, header.TryGetPayload(out _, out var length));
        if (valid)
        {
            Assert.Equal(packet.Length - 12 - padding, length);
        }
    }
}

using Together.MediaNode.Transport.Demux;

namespace Together.Tests.Media.Transport;

public sealed class StunDatagramClassifierTests
{
    [Fact]
    public void Stun_vectors_are_stun()
    {
        Assert.Equal(DatagramKind.Stun, DatagramClassifier.Classify(Rfc5769Vectors.Request));
    }

    [Theory]
    [InlineData(22, 0, DatagramKind.Dtls)]   // handshake record
    [InlineData(23, 0, DatagramKind.Dtls)]   // application data
    [InlineData(0x80, 111, DatagramKind.Rtp)] // Opus, PT 111
    [InlineData(0x90, 0xEF, DatagramKind.Rtp)] // marker bit + PT 111 = 0xEF (239): RTP, not RTCP
    [InlineData(0x80, 200, DatagramKind.Rtcp)] // sender report
    [InlineData(0x81, 201, DatagramKind.Rtcp)] // receiver report
    [InlineData(0x8F, 206, DatagramKind.Rtcp)] // payload-specific feedback
    [InlineData(4, 0, DatagramKind.Unknown)]
    [InlineData(64, 0, DatagramKind.Unknown)]
    [InlineData(127, 0, DatagramKind.Unknown)]
    [InlineData(192, 0, DatagramKind.Unknown)]
    [InlineData(255, 0, DatagramKind.Unknown)]
    public void First_byte_decides_per_rfc7983(byte first, byte second, DatagramKind expected)
    {
        var datagram = new byte[40];
        datagram[0] = first;
        datagram[1] = second;

        Assert.Equal(expected, DatagramClassifier.Classify(datagram));
    }

    [Fact]
    public void Too_short_datagrams_are_unknown()
    {
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([]));
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([0x00, 0x01, 0x00]));
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([22, 0xfe, 0xfd]));
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([0x80, 111, 0, 1, 0, 0, 0, 0, 0]));
    }
}

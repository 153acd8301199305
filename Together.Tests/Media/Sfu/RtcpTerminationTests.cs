using Together.MediaNode.Transport.Rtcp;
using static Together.Tests.Media.Sfu.SfuFixture;

namespace Together.Tests.Media.Sfu;

public sealed class RtcpTerminationTests : IDisposable
{
    private readonly SfuFixture _sfu = new();

    [Fact]
    public void Each_second_publishers_get_receiver_reports_and_subscribers_get_sender_reports()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        var offer = Negotiate(bob);
        alice.Send(Rtp(0xA1, 100, 1000));
        alice.Send(Rtp(0xA1, 101, 1960));
        alice.Send(Rtp(0xA1, 104, 4840));

        _sfu.Time.Advance(TimeSpan.FromSeconds(1));
        _sfu.Rooms.Tick();

        var toAlice = Assert.Single(alice.Link.Rtcp);
        var reader = new RtcpCompoundReader(toAlice);
        Assert.True(reader.TryReadNext(out var packet));
        Assert.True(RtcpReports.TryReadReceiverReport(packet, out _, out var blocks));
        Assert.Equal(1, blocks.Count);
        Assert.Equal(0xA1u, blocks[0].Ssrc);
        Assert.Equal(2, blocks[0].CumulativeLost);

        var toBob = Assert.Single(bob.Link.Rtcp);
        var bobReader = new RtcpCompoundReader(toBob);
        Assert.True(bobReader.TryReadNext(out var senderPacket));
        Assert.True(RtcpReports.TryReadSenderReport(senderPacket, out var sender, out _));
        Assert.Equal(offer.Streams[0].Ssrc, sender.Ssrc);
        Assert.Equal(3u, sender.PacketCount);
    }

    [Fact]
    public void Loss_and_jitter_reach_the_meter_as_node_wide_series_without_identities()
    {
        using var meter = new MeterReader(_sfu.Metrics.Meter);
        var alice = _sfu.Join("alice");

        alice.Send(Rtp(0xA1, 100, 1000));
        alice.Send(Rtp(0xA1, 103, 3880)); // two lost
        _sfu.Time.Advance(TimeSpan.FromSeconds(1));
        _sfu.Rooms.Tick();
        alice.Send(Rtp(0xA1, 106, 6760)); // two more
        _sfu.Time.Advance(TimeSpan.FromSeconds(1));
        _sfu.Rooms.Tick();

        Assert.Equal(4, meter.Sum("together.media.packets.lost"));
        Assert.Equal(2, meter.Count("together.media.participant.jitter"));
        Assert.DoesNotContain(meter.Tags, t => t.Instrument.StartsWith("together.media.participant", StringComparison.Ordinal)
            || t.Instrument == "together.media.packets.lost");
    }

    [Fact]
    public void Nothing_is_reported_before_a_second_passed()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        Negotiate(bob);
        alice.Send(Rtp(0xA1, 100, 1000));

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(300));
        _sfu.Rooms.Tick();

        Assert.Empty(alice.Link.Rtcp);
        Assert.Empty(bob.Link.Rtcp);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x81, 201, 0, 7, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0x80, 200, 0xFF, 0xFF })]
    public void Malformed_rtcp_is_ignored(byte[] compound)
    {
        var alice = _sfu.Join("alice");

        alice.Participant.Room.ReceiveRtcp(alice.Participant, compound);

        Assert.Null(alice.Participant.RoundTripTime);
    }

    public void Dispose() => _sfu.Dispose();
}

using Together.MediaNode.Transport.Rtcp;

namespace Together.Tests.Media.Transport.Rtcp;

public sealed class RtpReceiveStatisticsTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Loss_is_counted_cumulatively_and_per_interval()
    {
        var stats = new RtpReceiveStatistics(0x1234, 48000);
        for (var seq = 100; seq < 120; seq++)
        {
            if (seq is 105 or 110)
            {
                continue;
            }

            stats.OnPacket((ushort)seq, (uint)(seq * 960), Ms(seq * 20));
        }

        var first = stats.CreateReportBlock(Ms(3000));

        Assert.Equal(0x1234u, first.Ssrc);
        Assert.Equal(2, first.CumulativeLost);
        Assert.Equal(119u, first.ExtendedHighestSequence);
        Assert.Equal(2 * 256 / 20, first.FractionLost);

        for (var seq = 120; seq < 130; seq++)
        {
            stats.OnPacket((ushort)seq, (uint)(seq * 960), Ms(seq * 20));
        }

        var second = stats.CreateReportBlock(Ms(4000));
        Assert.Equal(0, second.FractionLost);
        Assert.Equal(2, second.CumulativeLost);
    }

    [Fact]
    public void The_sequence_wrap_extends_the_highest_sequence_number()
    {
        var stats = new RtpReceiveStatistics(1, 48000);
        for (var i = 0; i < 20; i++)
        {
            stats.OnPacket((ushort)(65530 + i), (uint)(i * 960), Ms(i * 20));
        }

        stats.OnPacket(65533, 3 * 960, Ms(500));
        var block = stats.CreateReportBlock(Ms(1000));

        Assert.Equal(65536u + 13, block.ExtendedHighestSequence);
        Assert.Equal(-1, block.CumulativeLost);
        Assert.Equal(0, block.FractionLost);
    }

    [Fact]
    public void Jitter_is_zero_for_steady_arrival_and_follows_rfc3550_a8_for_variable_delay()
    {
        var steady = new RtpReceiveStatistics(1, 48000);
        for (var i = 0; i < 50; i++)
        {
            steady.OnPacket((ushort)i, (uint)(i * 960), Ms(i * 20));
        }

        Assert.Equal(0u, steady.Jitter);

        var variable = new RtpReceiveStatistics(1, 48000);
        var expected = 0.0;
        for (var i = 0; i < 50; i++)
        {
            // Every other packet is 5 ms late: |D| = 240 timestamp units from the second packet on.
            var late = i % 2 == 1 ? 5 : 0;
            variable.OnPacket((ushort)i, (uint)(i * 960), Ms((i * 20) + late));
            if (i > 0)
            {
                expected += (240 - expected) / 16;
            }
        }

        Assert.Equal((uint)expected, variable.Jitter);
        Assert.InRange(variable.Jitter, 200u, 240u);
    }

    [Fact]
    public void A_stray_jump_is_ignored_until_the_next_packet_confirms_a_restart()
    {
        var stats = new RtpReceiveStatistics(1, 48000);
        for (var seq = 0; seq < 10; seq++)
        {
            stats.OnPacket((ushort)seq, 0, Ms(seq * 20));
        }

        stats.OnPacket(40000, 0, Ms(220));
        Assert.Equal(10, stats.PacketsReceived);
        stats.OnPacket(10, 0, Ms(240));
        Assert.Equal(10u, stats.ExtendedHighestSequence);

        stats.OnPacket(50000, 0, Ms(260));
        stats.OnPacket(50001, 0, Ms(280));
        Assert.Equal(50001u, stats.ExtendedHighestSequence);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void Lsr_and_dlsr_let_the_sender_compute_its_round_trip_time()
    {
        var stats = new RtpReceiveStatistics(1, 48000);
        stats.OnPacket(1, 960, Ms(0));
        var senderClock = new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);
        var srNtp = NtpTime.FromDateTime(senderClock);

        // SR takes 40 ms to arrive; we answer 500 ms later; the RR takes 60 ms back: RTT 100 ms.
        stats.OnSenderReport(srNtp, Ms(1000));
        var block = stats.CreateReportBlock(Ms(1500));
        var rrArrival = NtpTime.ToShort(NtpTime.FromDateTime(senderClock + Ms(40 + 500 + 60)));

        Assert.Equal(NtpTime.ToShort(srNtp), block.LastSenderReport);
        Assert.Equal(32768u, block.DelaySinceLastSenderReport);
        var rtt = block.RoundTripTime(rrArrival);
        Assert.NotNull(rtt);
        Assert.InRange(rtt.Value.TotalMilliseconds, 99.9, 100.1);
    }

    [Fact]
    public void Without_a_sender_report_there_is_no_round_trip_time()
    {
        var stats = new RtpReceiveStatistics(1, 48000);
        stats.OnPacket(1, 960, Ms(0));

        var block = stats.CreateReportBlock(Ms(1000));

        Assert.Equal(0u, block.LastSenderReport);
        Assert.Equal(0u, block.DelaySinceLastSenderReport);
        Assert.Null(block.RoundTripTime(12345));
    }
}

using System.Security.Cryptography;
using System.Text;
using Together.MediaNode.Transport.Rtcp;
using Together.MediaNode.Transport.Rtp;

namespace Together.MediaNode.Sfu;

/// <summary>
/// RTCP terminated per leg (research §1.7): receiver reports to each publisher from what the node received (so the
/// browser's remote-inbound-rtp shows loss and RTT), sender reports to each subscriber for every SSRC the node sends,
/// and subscribers' reports read back by report-block SSRC for the round-trip time. Runs under the room's lock.
/// </summary>
internal sealed class RtcpTermination
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    private const int RtpClockRate = 48_000;
    private static readonly byte[] Cname = Encoding.ASCII.GetBytes("together-media-node");

    private readonly TimeProvider _time;
    private readonly MediaNodeMetrics _metrics;
    private long _lastReport;

    public RtcpTermination(TimeProvider time, MediaNodeMetrics metrics)
    {
        _time = time;
        _metrics = metrics;
        _lastReport = time.GetTimestamp();
    }

    /// <summary>The SSRC the node reports as to every participant (RTCP needs a sender SSRC even for pure receivers).</summary>
    public uint ReporterSsrc { get; } = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    public void OnRtp(Participant publisher, in RtpHeader rtp, long now)
    {
        var statistics = publisher.Received;
        if (statistics is null || statistics.Ssrc != rtp.Ssrc)
        {
            statistics = new RtpReceiveStatistics(rtp.Ssrc, RtpClockRate);
            publisher.Received = statistics;
            publisher.LostAlreadyCounted = 0;
        }

        statistics.OnPacket(rtp.SequenceNumber, rtp.Timestamp, Monotonic(now));
    }

    public void OnRtcp(Participant participant, ReadOnlySpan<byte> compound, long now)
    {
        var reader = new RtcpCompoundReader(compound);
        var arrivalNtp = NtpTime.ToShort(NtpTime.FromDateTime(_time.GetUtcNow()));
        while (reader.TryReadNext(out var packet))
        {
            if (RtcpReports.TryReadSenderReport(packet, out var sender, out var senderBlocks))
            {
                if (participant.Received is { } statistics && statistics.Ssrc == sender.Ssrc)
                {
                    statistics.OnSenderReport(sender.NtpTimestamp, Monotonic(now));
                }

                ReadBlocks(participant, senderBlocks, arrivalNtp);
            }
            else if (RtcpReports.TryReadReceiverReport(packet, out _, out var blocks))
            {
                ReadBlocks(participant, blocks, arrivalNtp);
            }
        }
    }

    /// <summary>Sends the periodic reports when one is due; returns without work otherwise.</summary>
    public void Tick(IReadOnlyList<Participant> participants, Span<byte> scratch)
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastReport, now) < ReportInterval)
        {
            return;
        }

        _lastReport = now;
        var ntp = NtpTime.FromDateTime(_time.GetUtcNow());
        foreach (var participant in participants)
        {
            Sample(participant);
            if (participant.Received is { } statistics)
            {
                Span<RtcpReportBlock> block = [statistics.CreateReportBlock(Monotonic(now))];
                if (RtcpWriter.TryWriteReceiverReport(scratch, ReporterSsrc, block, out var length)
                    && TryAppendCname(scratch, ReporterSsrc, ref length))
                {
                    participant.Link.TrySendRtcp(scratch, length);
                }
            }

            foreach (var stream in participant.Streams)
            {
                if (!stream.Announced || stream.PacketsSent == 0)
                {
                    continue;
                }

                var elapsed = _time.GetElapsedTime(stream.LastSentTimestamp, now);
                var rtpTimestamp = stream.LastTimestamp + (uint)(elapsed.TotalSeconds * RtpClockRate);
                var sender = new RtcpSenderInfo(
                    stream.Ssrc, ntp, rtpTimestamp, (uint)stream.PacketsSent, (uint)stream.OctetsSent);
                if (RtcpWriter.TryWriteSenderReport(scratch, sender, [], out var length)
                    && TryAppendCname(scratch, stream.Ssrc, ref length))
                {
                    participant.Link.TrySendRtcp(scratch, length);
                }
            }
        }
    }

    private void Sample(Participant participant)
    {
        var statistics = participant.Received;
        var lost = Math.Max(0, statistics?.CumulativeLost ?? 0);
        _metrics.ParticipantSampled(
            lost - participant.LostAlreadyCounted,
            statistics is null ? null : TimeSpan.FromSeconds(statistics.Jitter / (double)RtpClockRate),
            participant.RoundTripTime);
        participant.LostAlreadyCounted = Math.Max(lost, participant.LostAlreadyCounted);
    }

    private static void ReadBlocks(Participant participant, RtcpReportBlocks blocks, uint arrivalNtp)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            foreach (var stream in participant.Streams)
            {
                if (stream.Ssrc == block.Ssrc && block.RoundTripTime(arrivalNtp) is { } rtt)
                {
                    participant.RoundTripTime = rtt;
                }
            }
        }
    }

    private static bool TryAppendCname(Span<byte> scratch, uint ssrc, ref int length)
    {
        if (!RtcpWriter.TryWriteSourceDescription(scratch[length..], ssrc, Cname, out var written))
        {
            return false;
        }

        length += written;
        return true;
    }

    private TimeSpan Monotonic(long timestamp) =>
        TimeSpan.FromTicks((long)(timestamp * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency)));
}

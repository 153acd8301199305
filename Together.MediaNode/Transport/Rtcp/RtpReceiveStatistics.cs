namespace Together.MediaNode.Transport.Rtcp;

/// <summary>
/// What a receiver knows about one incoming SSRC, turned into report blocks: extended highest sequence number
/// (RFC 3550 A.1, without probation since SRTP already authenticated the source), cumulative and interval loss
/// (A.3), interarrival jitter (A.8) and LSR/DLSR from the last SR. Time is passed in (a monotonic clock).
/// Not thread-safe: one per publisher stream, updated on that stream's path.
/// </summary>
public sealed class RtpReceiveStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulus = 1 << 16;

    private readonly int _clockRate;
    private bool _started;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private int _badSequence = -1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastTransit;
    private bool _haveTransit;
    private double _jitter;
    private uint _lastSenderReport;
    private TimeSpan _lastSenderReportArrival;

    public RtpReceiveStatistics(uint ssrc, int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        Ssrc = ssrc;
        _clockRate = clockRate;
    }

    public uint Ssrc { get; }

    public long PacketsReceived => _received;

    public uint ExtendedHighestSequence => _cycles | _maxSequence;

    /// <summary>Cumulative loss: expected minus received (negative with duplicates).</summary>
    public long CumulativeLost => _started ? ExtendedHighestSequence - _baseSequence + 1 - _received : 0;

    /// <summary>Interarrival jitter in timestamp units.</summary>
    public uint Jitter => (uint)_jitter;

    /// <summary>Counts an authenticated packet; arrival is the local monotonic time it came in.</summary>
    public void OnPacket(ushort sequence, uint rtpTimestamp, TimeSpan arrival)
    {
        if (!_started)
        {
            Restart(sequence);
        }
        else if (!UpdateSequence(sequence))
        {
            return;
        }

        _received++;
        UpdateJitter(rtpTimestamp, arrival);
    }

    /// <summary>Remembers an SR from this source so the next report carries LSR and DLSR (its RTT input).</summary>
    public void OnSenderReport(ulong ntpTimestamp, TimeSpan arrival)
    {
        _lastSenderReport = NtpTime.ToShort(ntpTimestamp);
        _lastSenderReportArrival = arrival;
    }

    /// <summary>The block to put in the next SR/RR; starts a new interval for the fraction lost.</summary>
    public RtcpReportBlock CreateReportBlock(TimeSpan now)
    {
        var expected = _started ? (long)ExtendedHighestSequence - _baseSequence + 1 : 0;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        var lostInterval = expectedInterval - receivedInterval;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        var delay = _lastSenderReport == 0 ? 0 : NtpTime.TimeSpanToShort(now - _lastSenderReportArrival);
        return new RtcpReportBlock(
            Ssrc,
            (byte)fraction,
            (int)Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF),
            ExtendedHighestSequence,
            Jitter,
            _lastSenderReport,
            delay);
    }

    private void Restart(ushort sequence)
    {
        _started = true;
        _maxSequence = sequence;
        _cycles = 0;
        _baseSequence = sequence;
        _badSequence = -1;
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
    }

    /// <summary>RFC 3550 A.1 update_seq: in order with a gap, a wrap, a late packet, or a jump that needs confirming.</summary>
    private bool UpdateSequence(ushort sequence)
    {
        var delta = (ushort)(sequence - _maxSequence);
        if (delta < MaxDropout)
        {
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulus;
            }

            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulus - MaxMisorder)
        {
            // A big jump: the source restarted, or a stray packet. Accept it only if the next one follows it.
            if (sequence == _badSequence)
            {
                Restart(sequence);
                _haveTransit = false;
            }
            else
            {
                _badSequence = (sequence + 1) & (SequenceModulus - 1);
                return false;
            }
        }

        return true;
    }

    private void UpdateJitter(uint rtpTimestamp, TimeSpan arrival)
    {
        var arrivalUnits = arrival.Ticks * _clockRate / TimeSpan.TicksPerSecond;
        var transit = arrivalUnits - rtpTimestamp;
        if (_haveTransit)
        {
            // Widened before Abs: a hostile timestamp can make the difference int.MinValue, whose negation overflows.
            var difference = Math.Abs((long)unchecked((int)(transit - _lastTransit)));
            _jitter += (difference - _jitter) / 16;
        }

        _lastTransit = transit;
        _haveTransit = true;
    }
}

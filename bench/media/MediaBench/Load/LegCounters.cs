namespace Together.Bench.Media.Load;

/// <summary>
/// What one listener received from its speaker's leg: packets, RFC 3550-style loss from sequence numbers, duplicates,
/// late packets, packets of another room or stream, and the node's own count for the leg from its last sender report
/// with what had arrived by then. Written by the receive thread only; read (tear-free longs) by the reporter.
/// </summary>
internal sealed class LegCounters
{
    private uint _ssrc;
    private bool _started;
    private long _base;
    private long _highest;
    private ulong _window; // bit i: sequence (_highest - i) arrived

    public long Received;
    public long Duplicates;
    public long Late;
    public long Foreign;
    public long OtherStream;
    public long Unrecognised;
    public long SrtpFailures;
    public long RtcpReceived;
    public long NodeSentAtReport;
    public long UniqueAtReport;

    public long Unique => Received - Duplicates;

    public long Expected => _started ? _highest - _base + 1 : 0;

    /// <summary>Counts one packet; false for a duplicate or another stream (no delay sample then).</summary>
    public bool Count(uint ssrc, ushort sequence)
    {
        if (!_started)
        {
            _ssrc = ssrc;
            _started = true;
            _base = _highest = sequence;
            _window = 1;
            Received++;
            return true;
        }

        if (ssrc != _ssrc)
        {
            OtherStream++;
            return false;
        }

        Received++;
        var extended = _highest + (short)(sequence - (ushort)_highest);
        var ahead = extended - _highest;
        if (ahead > 0)
        {
            _window = ahead >= 64 ? 1 : (_window << (int)ahead) | 1;
            _highest = extended;
            return true;
        }

        var behind = -ahead;
        if (behind < 64 && (_window & (1UL << (int)behind)) != 0)
        {
            Duplicates++;
            return false;
        }

        if (behind < 64)
        {
            _window |= 1UL << (int)behind;
        }

        Late++;
        return true;
    }

    public void OnSenderReport(uint ssrc, uint packetCount)
    {
        if (_started && ssrc == _ssrc)
        {
            NodeSentAtReport = packetCount;
            UniqueAtReport = Unique;
        }
    }
}

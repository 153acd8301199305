using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Together.MediaNode.Transport.Rtp;

namespace Together.MediaNode.Sfu;

/// <summary>
/// One sendonly m-line of a subscriber: which publisher it carries, under which SFU-owned SSRC, and the fixed
/// offsets that map the publisher's sequence numbers and timestamps onto this leg. Fixed offsets keep upstream gaps
/// visible to the browser (packetsLost, FEC, concealment); a source change or a pause re-bases them so the leg
/// continues at +1 with the timestamp advanced by the wall-clock time that passed.
/// </summary>
public sealed class OutboundStream
{
    private const int RtpClockRate = 48_000;

    private bool _started;
    private bool _rebase;
    private uint _sourceSsrc;
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private ushort _highestSequence;
    private uint _lastTimestamp;
    private long _lastSentTimestamp;
    private readonly byte[] _midBytes;

    internal OutboundStream(string mid)
    {
        Mid = mid;
        _midBytes = Encoding.ASCII.GetBytes(mid);
    }

    public string Mid { get; }

    /// <summary>The SSRC this leg sends with; 0 while the m-line is recycled and inactive.</summary>
    public uint Ssrc { get; private set; }

    public Participant? Publisher { get; private set; }

    /// <summary>True once the subscriber applied an SDP announcing this SSRC: before that, sending is forbidden.</summary>
    public bool Announced { get; internal set; }

    public long PacketsSent { get; private set; }

    public long OctetsSent { get; private set; }

    internal uint LastTimestamp => _lastTimestamp;

    internal long LastSentTimestamp => _lastSentTimestamp;

    internal void Assign(Participant publisher)
    {
        Publisher = publisher;
        Ssrc = NewSsrc();
        Announced = false;
        _started = false;
        PacketsSent = 0;
        OctetsSent = 0;
    }

    internal void Release()
    {
        Publisher = null;
        Ssrc = 0;
        Announced = false;
    }

    /// <summary>The next forwarded packet continues the leg at +1 instead of reusing the old offset.</summary>
    internal void Rebase() => _rebase = true;

    /// <summary>
    /// Writes <paramref name="packet"/> rewritten for this leg into <paramref name="destination"/>; returns its length,
    /// or 0 when it does not fit.
    /// </summary>
    internal int Write(
        ReadOnlySpan<byte> packet, in RtpHeader rtp, byte sourceAudioLevelId, AudioRtpParameters subscriber, long now,
        TimeProvider time, Span<byte> destination)
    {
        var marker = rtp.Marker;
        if (!_started)
        {
            _sequenceOffset = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
            _timestampOffset = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
            _highestSequence = (ushort)(rtp.SequenceNumber + _sequenceOffset - 1);
            _started = true;
            marker = true;
        }
        else if (_rebase || rtp.Ssrc != _sourceSsrc)
        {
            var elapsedTicks = (long)(time.GetElapsedTime(_lastSentTimestamp, now).TotalSeconds * RtpClockRate);
            _sequenceOffset = (ushort)(_highestSequence + 1 - rtp.SequenceNumber);
            _timestampOffset = (uint)(_lastTimestamp + (uint)Math.Max(elapsedTicks, 1) - rtp.Timestamp);
            marker = true;
        }

        _rebase = false;
        _sourceSsrc = rtp.Ssrc;
        var sequence = (ushort)(rtp.SequenceNumber + _sequenceOffset);
        var timestamp = rtp.Timestamp + _timestampOffset;
        if ((short)(sequence - _highestSequence) > 0)
        {
            _highestSequence = sequence;
            _lastTimestamp = timestamp;
            _lastSentTimestamp = now;
        }

        var extensions = new RtpExtensionIds(subscriber.AudioLevelExtensionId, subscriber.MidExtensionId);
        if (!RtpRewriter.TryRewrite(packet, destination, Ssrc, sequence, timestamp, sourceAudioLevelId, extensions, _midBytes, out var length))
        {
            return 0;
        }

        // The payload type is the subscriber's: browsers may number Opus differently.
        destination[1] = (byte)((marker ? 0x80 : 0) | subscriber.OpusPayloadType);
        PacketsSent++;
        OctetsSent += rtp.TryGetPayload(out _, out var payloadLength) ? payloadLength : 0;
        return length;
    }

    private static uint NewSsrc()
    {
        Span<byte> bytes = stackalloc byte[4];
        uint ssrc;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            ssrc = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        while (ssrc == 0);
        return ssrc;
    }
}

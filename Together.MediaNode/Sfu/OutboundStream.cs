using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

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
    private const int FixedHeaderLength = 12;

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

    /// <summary>Writes the rewritten packet for this leg into <paramref name="destination"/>; returns its length.</summary>
    internal int Write(in InboundRtp rtp, AudioRtpParameters subscriber, long now, TimeProvider time, Span<byte> destination)
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

        var length = WriteHeader(rtp, subscriber, marker, sequence, timestamp, destination);
        if (length + rtp.Payload.Length > destination.Length)
        {
            return 0;
        }

        rtp.Payload.CopyTo(destination[length..]);
        length += rtp.Payload.Length;
        PacketsSent++;
        OctetsSent += rtp.Payload.Length;
        return length;
    }

    private int WriteHeader(
        in InboundRtp rtp, AudioRtpParameters subscriber, bool marker, ushort sequence, uint timestamp, Span<byte> destination)
    {
        var writeLevel = subscriber.AudioLevelExtensionId != 0 && rtp.AudioLevel != InboundRtp.NoAudioLevel;
        var writeMid = subscriber.MidExtensionId != 0 && _midBytes.Length is > 0 and <= 16;
        destination[0] = (byte)(writeLevel || writeMid ? 0x90 : 0x80);
        destination[1] = (byte)((marker ? 0x80 : 0) | subscriber.OpusPayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        if (!writeLevel && !writeMid)
        {
            return FixedHeaderLength;
        }

        var offset = FixedHeaderLength + 4;
        if (writeLevel)
        {
            destination[offset++] = (byte)(subscriber.AudioLevelExtensionId << 4);
            destination[offset++] = (byte)((rtp.VoiceActivity ? 0x80 : 0) | rtp.AudioLevel);
        }

        if (writeMid)
        {
            destination[offset++] = (byte)((subscriber.MidExtensionId << 4) | (_midBytes.Length - 1));
            _midBytes.CopyTo(destination[offset..]);
            offset += _midBytes.Length;
        }

        while ((offset - FixedHeaderLength) % 4 != 0)
        {
            destination[offset++] = 0;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[FixedHeaderLength..], 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedHeaderLength + 2)..], (ushort)((offset - FixedHeaderLength - 4) / 4));
        return offset;
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

using System.Buffers.Binary;
using System.Security.Cryptography;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Rtp;

namespace Together.MediaNode.Transport.Srtp;

/// <summary>
/// One direction of one DTLS-SRTP association: protects what we send, or unprotects what the peer sends.
/// Keeps a rollover counter and replay window per SSRC, both moved only by authenticated packets. Works in
/// place and allocates nothing per packet once an SSRC has been seen. Calls are serialised by an internal lock,
/// so fan-out from several publishers into one subscriber's session is safe.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    /// <summary>Spare bytes an RTP buffer needs after its plaintext for <see cref="TryProtectRtp"/> (the GCM tag).</summary>
    public const int MaxOverhead = 16;

    /// <summary>Spare bytes an RTCP buffer needs for <see cref="TryProtectRtcp"/> (GCM tag and E‖index).</summary>
    public const int MaxRtcpOverhead = 20;

    /// <summary>SSRCs tracked per direction; more are refused so a peer cannot grow our memory without bound.</summary>
    public const int MaxStreams = 1024;

    private const int RtcpHeaderLength = 8;

    private readonly SrtpTransform _transform;
    private readonly Dictionary<uint, SrtpRtpStream> _rtpStreams = [];
    private readonly Dictionary<uint, SrtpRtcpStream> _rtcpStreams = [];
    private readonly Lock _gate = new();
    private readonly SrtpRefusalCounters? _nodeRefusals;

    /// <param name="nodeRefusals">Where this session also counts its refusals, for the node's metrics.</param>
    public SrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt,
        SrtpRefusalCounters? nodeRefusals = null)
        : this(profile, SrtpKeyDerivation.Derive(profile, masterKey, masterSalt), ownsKeys: true)
    {
        _nodeRefusals = nodeRefusals;
    }

    /// <summary>From session keys directly (the RFC vectors give those); the caller keeps its arrays.</summary>
    internal SrtpSession(SrtpProfile profile, SrtpSessionKeys sessionKeys, bool ownsKeys = false)
    {
        Profile = profile;
        _transform = SrtpTransform.Create(profile, sessionKeys);
        if (ownsKeys)
        {
            // The ciphers and MACs hold their own copies; the derived arrays need not outlive them.
            CryptographicOperations.ZeroMemory(sessionKeys.RtpEncryptionKey);
            CryptographicOperations.ZeroMemory(sessionKeys.RtpAuthenticationKey);
            CryptographicOperations.ZeroMemory(sessionKeys.RtcpEncryptionKey);
            CryptographicOperations.ZeroMemory(sessionKeys.RtcpAuthenticationKey);
        }
    }

    public SrtpProfile Profile { get; }

    /// <summary>Packets refused because their tag did not verify (forged, corrupted, or keys of the wrong half).</summary>
    public long AuthenticationFailures { get; private set; }

    /// <summary>Packets refused as replays or as older than the replay window.</summary>
    public long ReplaysRejected { get; private set; }

    /// <summary>Unprotects what the peer sends: the DTLS client's keys when we are the server, and vice versa.</summary>
    public static SrtpSession ForInbound(SrtpKeyMaterial keys, bool localIsDtlsServer, SrtpRefusalCounters? nodeRefusals = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return localIsDtlsServer
            ? new SrtpSession(keys.Profile, keys.ClientMasterKey, keys.ClientMasterSalt, nodeRefusals)
            : new SrtpSession(keys.Profile, keys.ServerMasterKey, keys.ServerMasterSalt, nodeRefusals);
    }

    /// <summary>Protects what we send, with our own half of the exported keys.</summary>
    public static SrtpSession ForOutbound(SrtpKeyMaterial keys, bool localIsDtlsServer)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return localIsDtlsServer
            ? new SrtpSession(keys.Profile, keys.ServerMasterKey, keys.ServerMasterSalt)
            : new SrtpSession(keys.Profile, keys.ClientMasterKey, keys.ClientMasterSalt);
    }

    /// <summary>
    /// Authenticates, replay-checks and decrypts an SRTP packet in place. False (and nothing learned) for a
    /// malformed, forged, replayed or too-old packet; <paramref name="plainLength"/> is then 0.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (packet.Length > AesCounterMode.MaxLength
            || !RtpHeader.TryParse(packet, out var header)
            || packet.Length - _transform.RtpOverhead < header.HeaderLength)
        {
            return false;
        }

        var ssrc = header.Ssrc;
        var seq = header.SequenceNumber;
        var headerLength = header.HeaderLength;
        lock (_gate)
        {
            var known = _rtpStreams.TryGetValue(ssrc, out var stream);
            if (!known && _rtpStreams.Count >= MaxStreams)
            {
                return false;
            }

            var window = known ? stream!.Window : default;
            if (!SrtpIndex.TryEstimate(window.Started, window.Highest, seq, out var index) || !window.IsFresh(index))
            {
                ReplaysRejected++;
                _nodeRefusals?.RtpReplayRejected();
                return false;
            }

            if (!_transform.UnprotectRtp(packet, headerLength, ssrc, (uint)(index >> 16), seq))
            {
                AuthenticationFailures++;
                _nodeRefusals?.RtpAuthenticationFailed();
                return false;
            }

            if (!known)
            {
                stream = new SrtpRtpStream();
                _rtpStreams.Add(ssrc, stream);
            }

            stream!.Window.Accept(index);
        }

        plainLength = packet.Length - _transform.RtpOverhead;
        return true;
    }

    /// <summary>
    /// Encrypts the RTP packet in <paramref name="buffer"/>[..<paramref name="plainLength"/>] in place and
    /// appends the tag; the buffer needs <see cref="MaxOverhead"/> spare bytes.
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int plainLength, out int protectedLength)
    {
        protectedLength = 0;
        if (plainLength < 0
            || plainLength > buffer.Length - _transform.RtpOverhead
            || plainLength > AesCounterMode.MaxLength
            || !RtpHeader.TryParse(buffer[..plainLength], out var header))
        {
            return false;
        }

        var ssrc = header.Ssrc;
        var seq = header.SequenceNumber;
        var headerLength = header.HeaderLength;
        lock (_gate)
        {
            if (!_rtpStreams.TryGetValue(ssrc, out var stream))
            {
                if (_rtpStreams.Count >= MaxStreams)
                {
                    return false;
                }

                stream = new SrtpRtpStream();
                _rtpStreams.Add(ssrc, stream);
            }

            if (!SrtpIndex.TryEstimate(stream.Window.Started, stream.Window.Highest, seq, out var index))
            {
                return false;
            }

            _transform.ProtectRtp(buffer, plainLength, headerLength, ssrc, (uint)(index >> 16), seq);
            stream.Window.Accept(index);
        }

        protectedLength = plainLength + _transform.RtpOverhead;
        return true;
    }

    /// <summary>Authenticates, replay-checks and decrypts an SRTCP packet (compound or not) in place.</summary>
    public bool TryUnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        var overhead = _transform.RtcpOverhead;
        if (packet.Length < RtcpHeaderLength + overhead || packet.Length > AesCounterMode.MaxLength || packet[0] >> 6 != RtpHeader.Version2)
        {
            return false;
        }

        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[_transform.SrtcpIndexOffset(packet.Length)..]);
        if ((word & SrtpIndex.EncryptedFlag) == 0)
        {
            // WebRTC endpoints always encrypt SRTCP; an unencrypted one is refused rather than half-supported.
            return false;
        }

        var index = word & SrtpIndex.SrtcpIndexMask;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        lock (_gate)
        {
            var known = _rtcpStreams.TryGetValue(ssrc, out var stream);
            if (!known && _rtcpStreams.Count >= MaxStreams)
            {
                return false;
            }

            if (known && !stream!.Window.IsFresh(index))
            {
                ReplaysRejected++;
                _nodeRefusals?.RtcpReplayRejected();
                return false;
            }

            if (!_transform.UnprotectRtcp(packet, ssrc, index))
            {
                AuthenticationFailures++;
                _nodeRefusals?.RtcpAuthenticationFailed();
                return false;
            }

            if (!known)
            {
                stream = new SrtpRtcpStream();
                _rtcpStreams.Add(ssrc, stream);
            }

            stream!.Window.Accept(index);
        }

        plainLength = packet.Length - overhead;
        return true;
    }

    /// <summary>
    /// Encrypts the RTCP packet in <paramref name="buffer"/>[..<paramref name="plainLength"/>] in place and
    /// appends E‖index and the tag; the buffer needs <see cref="MaxRtcpOverhead"/> spare bytes.
    /// </summary>
    public bool TryProtectRtcp(Span<byte> buffer, int plainLength, out int protectedLength)
    {
        protectedLength = 0;
        if (plainLength < RtcpHeaderLength
            || plainLength > buffer.Length - _transform.RtcpOverhead
            || plainLength > AesCounterMode.MaxLength
            || buffer[0] >> 6 != RtpHeader.Version2)
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        lock (_gate)
        {
            if (!_rtcpStreams.TryGetValue(ssrc, out var stream))
            {
                if (_rtcpStreams.Count >= MaxStreams)
                {
                    return false;
                }

                stream = new SrtpRtcpStream();
                _rtcpStreams.Add(ssrc, stream);
            }

            var index = stream.NextIndex;
            stream.NextIndex = (index + 1) & SrtpIndex.SrtcpIndexMask;
            _transform.ProtectRtcp(buffer, plainLength, ssrc, index);
        }

        protectedLength = plainLength + _transform.RtcpOverhead;
        return true;
    }

    /// <summary>Sets the next SRTCP index sent for an SSRC (the RFC 7714 vectors start mid-stream).</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index)
    {
        lock (_gate)
        {
            if (!_rtcpStreams.TryGetValue(ssrc, out var stream))
            {
                stream = new SrtpRtcpStream();
                _rtcpStreams.Add(ssrc, stream);
            }

            stream.NextIndex = index & SrtpIndex.SrtcpIndexMask;
        }
    }

    public void Dispose() => _transform.Dispose();
}

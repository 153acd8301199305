namespace Together.MediaNode.Sfu;

/// <summary>
/// One user in one room: what they may do, what they chose (mute, deafen), what moderators imposed, and the
/// streams the node sends them. Mutable only under its room's lock.
/// </summary>
public sealed class Participant
{
    private readonly List<OutboundStream> _streams = [];
    private readonly Dictionary<Participant, OutboundStream> _streamsByPublisher = [];
    private int _offerVersion;
    private NodeOffer? _offerInFlight;
    private bool _negotiationDirty;

    internal Participant(
        Room room, string userId, bool canSpeak, AudioRtpParameters rtp, IMediaLink link, IParticipantSignals signals, TimeProvider time)
    {
        Room = room;
        UserId = userId;
        CanSpeak = canSpeak;
        Rtp = rtp;
        Link = link;
        Signals = signals;
        Speaking = new SpeakingDetector(time);
    }

    public Room Room { get; }
    public string UserId { get; }
    /// <summary>From the voice token's <c>speak</c>, then kept current by the Api (SPEAK granted or revoked mid-call).</summary>
    public bool CanSpeak { get; internal set; }
    public bool SelfMuted { get; internal set; }
    public bool ServerMuted { get; internal set; }
    public bool SelfDeafened { get; internal set; }
    public bool ServerDeafened { get; internal set; }
    public bool IsMuted => !CanSpeak || SelfMuted || ServerMuted;
    public bool IsDeafened => SelfDeafened || ServerDeafened;
    public bool HasLeft { get; internal set; }
    public AudioRtpParameters Rtp { get; }
    internal IMediaLink Link { get; }
    internal IParticipantSignals Signals { get; }
    internal SpeakingDetector Speaking { get; }

    /// <summary>What the node received from this publisher: the source of its receiver reports.</summary>
    public Transport.Rtcp.RtpReceiveStatistics? Received { get; internal set; }

    /// <summary>From this participant's reports on the streams the node sends it (RFC 3550 LSR/DLSR).</summary>
    public TimeSpan? RoundTripTime { get; internal set; }

    /// <summary>How much of <see cref="Received"/>'s cumulative loss the node's loss counter already holds.</summary>
    internal long LostAlreadyCounted { get; set; }

    public IReadOnlyList<OutboundStream> Streams => _streams;

    internal OutboundStream? StreamFor(Participant publisher) =>
        _streamsByPublisher.TryGetValue(publisher, out var stream) ? stream : null;

    /// <summary>Gives <paramref name="publisher"/> an m-line, recycling a released one before adding another.</summary>
    internal void Subscribe(Participant publisher)
    {
        if (_streamsByPublisher.ContainsKey(publisher))
        {
            return;
        }

        var stream = _streams.Find(s => s.Publisher is null);
        if (stream is null)
        {
            stream = new OutboundStream($"s{_streams.Count + 1}");
            _streams.Add(stream);
        }

        stream.Assign(publisher);
        _streamsByPublisher[publisher] = stream;
        MarkNegotiationNeeded();
    }

    internal void Unsubscribe(Participant publisher)
    {
        if (_streamsByPublisher.Remove(publisher, out var stream))
        {
            stream.Release();
            MarkNegotiationNeeded();
        }
    }

    /// <summary>Takes the next offer to send, or null when none is due or one is still awaiting its answer.</summary>
    internal NodeOffer? TakeOffer()
    {
        if (!_negotiationDirty || _offerInFlight is not null)
        {
            return null;
        }

        _negotiationDirty = false;
        _offerInFlight = new NodeOffer(
            ++_offerVersion,
            _streams.Select(s => new OfferedStream(s.Mid, s.Ssrc, s.Publisher?.UserId)).ToArray());
        return _offerInFlight;
    }

    /// <summary>
    /// The client applied the offer: every SSRC it announced may now be sent. Returns false for an answer to an
    /// offer that is not in flight.
    /// </summary>
    internal bool AnswerApplied(int version)
    {
        if (_offerInFlight is null || _offerInFlight.Version != version)
        {
            return false;
        }

        foreach (var offered in _offerInFlight.Streams)
        {
            var stream = _streams.Find(s => s.Mid == offered.Mid);
            if (stream is not null && offered.Ssrc != 0 && stream.Ssrc == offered.Ssrc)
            {
                stream.Announced = true;
            }
        }

        _offerInFlight = null;
        if (_negotiationDirty)
        {
            Signals.RenegotiationNeeded();
        }

        return true;
    }

    /// <summary>The client could not apply the offer: try again with the current state.</summary>
    internal void OfferFailed()
    {
        _offerInFlight = null;
        MarkNegotiationNeeded();
    }

    internal void RebaseAllStreams()
    {
        foreach (var stream in _streams)
        {
            stream.Rebase();
        }
    }

    private void MarkNegotiationNeeded()
    {
        _negotiationDirty = true;
        if (_offerInFlight is null)
        {
            Signals.RenegotiationNeeded();
        }
    }
}

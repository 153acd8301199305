using Together.MediaNode.Transport.Rtp;

namespace Together.MediaNode.Sfu;

/// <summary>
/// One voice channel's participants and the forwarding between them. Everything happens under one lock per room:
/// rooms never share state, so rooms scale across cores while each room stays simple and consistent.
/// </summary>
public sealed class Room
{
    /// <summary>Any Opus packet, our rewritten header, and the SRTP tag added in place.</summary>
    private const int ScratchLength = 1600;

    private readonly Lock _gate = new();
    private readonly int _maxParticipants;
    private readonly TimeProvider _time;
    private readonly MediaNodeMetrics _metrics;
    private readonly IMediaNodeEvents _events;
    private readonly byte[] _scratch = new byte[ScratchLength];
    private readonly RtcpTermination _rtcp;
    private Participant[] _participants = [];

    internal Room(string id, int maxParticipants, TimeProvider time, MediaNodeMetrics metrics, IMediaNodeEvents events)
    {
        Id = id;
        _maxParticipants = maxParticipants;
        _time = time;
        _metrics = metrics;
        _events = events;
        _rtcp = new RtcpTermination(time, metrics);
    }

    public string Id { get; }

    /// <summary>Set once the last participant left; a closed room is replaced by a new one on the next join.</summary>
    internal bool IsClosed { get; private set; }

    public int Count => Volatile.Read(ref _participants).Length;

    internal JoinOutcome TryJoin(
        string userId, bool canSpeak, AudioRtpParameters rtp, IMediaLink link, IParticipantSignals signals, out Participant? participant)
    {
        participant = null;
        lock (_gate)
        {
            if (IsClosed)
            {
                return JoinOutcome.RoomClosed;
            }

            var previous = Array.Find(_participants, p => p.UserId == userId);
            if (previous is not null)
            {
                RemoveLocked(previous, RemovalReason.Replaced);
            }

            if (_participants.Length >= _maxParticipants)
            {
                return JoinOutcome.RoomFull;
            }

            participant = new Participant(this, userId, canSpeak, rtp, link, signals, _time);
            foreach (var other in _participants)
            {
                other.Subscribe(participant);
                participant.Subscribe(other);
            }

            _participants = [.. _participants, participant];
            _events.ParticipantJoined(Id, userId);
            BroadcastParticipantsLocked();

            // Speaking is announced on changes only: a newcomer must learn who is already talking.
            foreach (var other in _participants)
            {
                if (other.Speaking.IsSpeaking)
                {
                    signals.SpeakingChanged(other.UserId, true);
                }
            }

            return JoinOutcome.Joined;
        }
    }

    public void Leave(Participant participant, RemovalReason reason)
    {
        lock (_gate)
        {
            if (!participant.HasLeft)
            {
                RemoveLocked(participant, reason);
            }
        }
    }

    /// <summary>
    /// Forwards one decrypted RTP packet from <paramref name="publisher"/> to every other participant who may hear
    /// it, on the m-line announced to them, rewritten for their leg. Malformed packets are dropped and counted.
    /// </summary>
    public void ForwardRtp(Participant publisher, ReadOnlySpan<byte> packet)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (publisher.HasLeft
                || !RtpHeader.TryParse(packet, out var rtp)
                || rtp.PayloadType != publisher.Rtp.OpusPayloadType
                || !rtp.TryGetPayload(out _, out var payloadLength))
            {
                _metrics.PacketDropped();
                return;
            }

            _metrics.PacketReceived(payloadLength);
            _rtcp.OnRtp(publisher, rtp, now);
            if (publisher.IsMuted)
            {
                _metrics.PacketDropped();
                return;
            }

            var levelId = publisher.Rtp.AudioLevelExtensionId;
            if (levelId != 0
                && rtp.TryGetAudioLevel(levelId, out _, out var level)
                && publisher.Speaking.OnLevel(level, now))
            {
                AnnounceSpeakingLocked(publisher);
            }

            foreach (var subscriber in _participants)
            {
                if (ReferenceEquals(subscriber, publisher) || subscriber.IsDeafened)
                {
                    continue;
                }

                var stream = subscriber.StreamFor(publisher);
                if (stream is null || !stream.Announced)
                {
                    continue;
                }

                var length = stream.Write(packet, rtp, levelId, subscriber.Rtp, now, _time, _scratch);
                if (length > 0 && subscriber.Link.TrySendRtp(_scratch, length))
                {
                    _metrics.PacketForwarded(payloadLength);
                }
                else
                {
                    _metrics.PacketDropped();
                }
            }
        }
    }

    /// <summary>Reads a participant's decrypted RTCP: sender reports (for LSR) and report blocks (for RTT).</summary>
    public void ReceiveRtcp(Participant participant, ReadOnlySpan<byte> compound)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!participant.HasLeft)
            {
                _rtcp.OnRtcp(participant, compound, now);
            }
        }
    }

    public void SetSelfMuted(Participant participant, bool muted) =>
        ChangeState(participant, p => p.SelfMuted = muted);

    public void SetSelfDeafened(Participant participant, bool deafened) =>
        ChangeState(participant, p => p.SelfDeafened = deafened);

    public bool SetServerMuted(string userId, bool muted) => ChangeState(userId, p => p.ServerMuted = muted);

    public bool SetServerDeafened(string userId, bool deafened) => ChangeState(userId, p => p.ServerDeafened = deafened);

    /// <summary>SPEAK granted or revoked while in the room: a participant who may not speak is forwarded to no one.</summary>
    public bool SetCanSpeak(string userId, bool canSpeak) => ChangeState(userId, p => p.CanSpeak = canSpeak);

    /// <summary>The Api's twin of the client's own <c>mute</c> and <c>deaf</c> (the gateway's UpdateVoiceState).</summary>
    public bool SetSelfState(string userId, bool? muted, bool? deafened) => ChangeState(userId, p =>
    {
        p.SelfMuted = muted ?? p.SelfMuted;
        p.SelfDeafened = deafened ?? p.SelfDeafened;
    });

    /// <summary>Removes a user by id (moderator disconnect or move); false when they are not here.</summary>
    public bool Remove(string userId, RemovalReason reason)
    {
        lock (_gate)
        {
            var participant = Array.Find(_participants, p => p.UserId == userId);
            if (participant is null)
            {
                return false;
            }

            RemoveLocked(participant, reason);
            return true;
        }
    }

    public NodeOffer? TakeOffer(Participant participant)
    {
        lock (_gate)
        {
            return participant.HasLeft ? null : participant.TakeOffer();
        }
    }

    public bool AnswerApplied(Participant participant, int version)
    {
        lock (_gate)
        {
            if (participant.HasLeft || !participant.AnswerApplied(version))
            {
                return false;
            }

            participant.Signals.ParticipantsChanged(DescribeForLocked(participant));
            return true;
        }
    }

    public void OfferFailed(Participant participant)
    {
        lock (_gate)
        {
            if (!participant.HasLeft)
            {
                participant.OfferFailed();
            }
        }
    }

    /// <summary>
    /// Ends speaking for publishers that went quiet (Opus DTX stops sending, so silence has no packets) and sends
    /// the periodic RTCP reports.
    /// </summary>
    public void Tick()
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            _rtcp.Tick(_participants, _scratch);
            foreach (var participant in _participants)
            {
                if (participant.Speaking.OnTick(now))
                {
                    AnnounceSpeakingLocked(participant);
                }
            }
        }
    }

    public IReadOnlyList<ParticipantState> DescribeFor(Participant viewer)
    {
        lock (_gate)
        {
            return DescribeForLocked(viewer);
        }
    }

    public IReadOnlyList<ParticipantReport> Describe()
    {
        lock (_gate)
        {
            return _participants
                .Select(p => new ParticipantReport(
                    p.UserId,
                    StateOf(p),
                    p.Speaking.IsSpeaking,
                    p.Received?.CumulativeLost ?? 0,
                    p.Received is { } received ? TimeSpan.FromSeconds(received.Jitter / 48_000.0) : null,
                    p.RoundTripTime))
                .ToArray();
        }
    }

    private bool ChangeState(string userId, Action<Participant> change)
    {
        lock (_gate)
        {
            var participant = Array.Find(_participants, p => p.UserId == userId);
            if (participant is null)
            {
                return false;
            }

            ChangeStateLocked(participant, change);
            return true;
        }
    }

    private void ChangeState(Participant participant, Action<Participant> change)
    {
        lock (_gate)
        {
            if (!participant.HasLeft)
            {
                ChangeStateLocked(participant, change);
            }
        }
    }

    private void ChangeStateLocked(Participant participant, Action<Participant> change)
    {
        var before = StateOf(participant);
        var wasMuted = participant.IsMuted;
        var wasDeafened = participant.IsDeafened;
        change(participant);
        if (StateOf(participant) == before && participant.IsMuted == wasMuted)
        {
            return;
        }

        if (participant.IsMuted && !wasMuted)
        {
            if (participant.Speaking.Reset())
            {
                AnnounceSpeakingLocked(participant);
            }

            // The publisher's sequence numbers keep running while muted: resume each leg at +1, not with a false gap.
            foreach (var subscriber in _participants)
            {
                subscriber.StreamFor(participant)?.Rebase();
            }
        }

        if (participant.IsDeafened && !wasDeafened)
        {
            participant.RebaseAllStreams();
        }

        _events.VoiceStateChanged(Id, participant.UserId, StateOf(participant));
        BroadcastParticipantsLocked();
    }

    private void RemoveLocked(Participant participant, RemovalReason reason)
    {
        participant.HasLeft = true;
        _participants = Array.FindAll(_participants, p => !ReferenceEquals(p, participant));
        if (participant.Speaking.Reset())
        {
            AnnounceSpeakingLocked(participant);
        }

        foreach (var other in _participants)
        {
            other.Unsubscribe(participant);
        }

        if (!ReferenceEquals(reason, RemovalReason.Left))
        {
            participant.Signals.Removed(reason);
        }

        _events.ParticipantLeft(Id, participant.UserId, reason.Code);
        if (_participants.Length == 0)
        {
            IsClosed = true;
        }
        else
        {
            BroadcastParticipantsLocked();
        }
    }

    private void AnnounceSpeakingLocked(Participant speaker)
    {
        var speaking = speaker.Speaking.IsSpeaking;
        _events.SpeakingChanged(Id, speaker.UserId, speaking);
        foreach (var participant in _participants)
        {
            participant.Signals.SpeakingChanged(speaker.UserId, speaking);
        }
    }

    private void BroadcastParticipantsLocked()
    {
        foreach (var participant in _participants)
        {
            participant.Signals.ParticipantsChanged(DescribeForLocked(participant));
        }
    }

    private ParticipantState[] DescribeForLocked(Participant viewer) =>
        _participants
            .Select(p => new ParticipantState(
                p.UserId,
                viewer.StreamFor(p) is { Announced: true } stream ? stream.Mid : null,
                p.IsMuted,
                p.IsDeafened))
            .ToArray();

    private static VoiceStateFlags StateOf(Participant p) =>
        new(p.SelfMuted, p.SelfDeafened, p.ServerMuted, p.ServerDeafened);
}

/// <summary>A participant's state and link quality, for the control API and metrics.</summary>
public sealed record ParticipantReport(
    string UserId, VoiceStateFlags State, bool Speaking, long PacketsLost, TimeSpan? Jitter, TimeSpan? RoundTripTime);

internal enum JoinOutcome
{
    Joined,
    RoomFull,
    RoomClosed,
}

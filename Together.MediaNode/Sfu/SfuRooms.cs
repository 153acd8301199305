using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Together.MediaNode.Sfu;

/// <summary>All rooms on this node, keyed by voice channel id; a room exists while someone is in it.</summary>
public sealed class SfuRooms
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly IOptions<MediaNodeOptions> _options;
    private readonly TimeProvider _time;
    private readonly MediaNodeMetrics _metrics;
    private readonly IMediaNodeEvents _events;

    public SfuRooms(IOptions<MediaNodeOptions> options, TimeProvider time, MediaNodeMetrics metrics, IMediaNodeEvents events)
    {
        _options = options;
        _time = time;
        _metrics = metrics;
        _events = events;
        metrics.Meter.CreateObservableGauge(
            "together.media.rooms", () => _rooms.Values.Count(r => r.Count > 0), "{room}", "Voice rooms with participants");
        metrics.Meter.CreateObservableGauge(
            "together.media.participants", () => ParticipantCount, "{participant}", "Participants in voice rooms");
        metrics.Meter.CreateObservableGauge(
            "together.media.participant.packets_lost", () => PerParticipant(r => r.PacketsLost), "{packet}",
            "Packets lost from each publisher to the node (cumulative)");
        metrics.Meter.CreateObservableGauge(
            "together.media.participant.jitter", () => PerParticipant(r => r.Jitter?.TotalMilliseconds), "ms",
            "Interarrival jitter of each publisher's stream at the node");
        metrics.Meter.CreateObservableGauge(
            "together.media.participant.rtt", () => PerParticipant(r => r.RoundTripTime?.TotalMilliseconds), "ms",
            "Round-trip time to each participant, from its RTCP reports");
    }

    public IEnumerable<Room> All => _rooms.Values;

    public int ParticipantCount => _rooms.Values.Sum(r => r.Count);

    private IEnumerable<Measurement<double>> PerParticipant(Func<ParticipantReport, double?> read) =>
        from room in _rooms.Values
        from report in room.Describe()
        let value = read(report)
        where value is not null
        select new Measurement<double>(
            value.Value, new KeyValuePair<string, object?>("room", room.Id), new KeyValuePair<string, object?>("user", report.UserId));

    public Room? Find(string roomId) => _rooms.TryGetValue(roomId, out var room) && !room.IsClosed ? room : null;

    /// <summary>Joins <paramref name="userId"/> to the room, creating it; null when the room is full.</summary>
    public Participant? TryJoin(
        string roomId, string userId, bool canSpeak, AudioRtpParameters rtp, IMediaLink link, IParticipantSignals signals)
    {
        while (true)
        {
            var room = _rooms.GetOrAdd(
                roomId, id => new Room(id, _options.Value.MaxParticipantsPerRoom, _time, _metrics, _events));
            switch (room.TryJoin(userId, canSpeak, rtp, link, signals, out var participant))
            {
                case JoinOutcome.Joined:
                    return participant;
                case JoinOutcome.RoomFull:
                    return null;
                default:
                    _rooms.TryRemove(KeyValuePair.Create(roomId, room));
                    break;
            }
        }
    }

    public void Leave(Participant participant, RemovalReason reason)
    {
        participant.Room.Leave(participant, reason);
        if (participant.Room.IsClosed)
        {
            _rooms.TryRemove(KeyValuePair.Create(participant.Room.Id, participant.Room));
        }
    }

    public void Tick()
    {
        foreach (var room in _rooms.Values)
        {
            if (room.IsClosed)
            {
                _rooms.TryRemove(KeyValuePair.Create(room.Id, room));
            }
            else
            {
                room.Tick();
            }
        }
    }
}

using System.Collections.Concurrent;
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
    }

    public IEnumerable<Room> All => _rooms.Values;

    public int ParticipantCount => _rooms.Values.Sum(r => r.Count);

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

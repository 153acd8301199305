using System.Threading.Channels;
using Together.MediaNode.Sfu;

namespace Together.MediaNode.Control;

/// <summary>
/// The node's events, queued for <see cref="NodeReporter"/>: called under a room's lock, so it only writes to a
/// bounded queue. When the Api is away long enough to fill it, newer events are dropped and counted; the next
/// snapshot carries the truth anyway.
/// </summary>
public sealed class NodeReportQueue : IMediaNodeEvents
{
    public const int Capacity = 10_000;

    private readonly Channel<NodeEvent> _events = Channel.CreateBounded<NodeEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    internal ChannelReader<NodeEvent> Reader => _events.Reader;

    public void ParticipantJoined(string roomId, string userId) =>
        _events.Writer.TryWrite(new NodeEvent(NodeEventTypes.Joined, roomId, userId));

    public void ParticipantLeft(string roomId, string userId, string reasonCode) =>
        _events.Writer.TryWrite(new NodeEvent(NodeEventTypes.Left, roomId, userId, Reason: reasonCode));

    public void SpeakingChanged(string roomId, string userId, bool speaking) =>
        _events.Writer.TryWrite(new NodeEvent(NodeEventTypes.Speaking, roomId, userId, Speaking: speaking));

    public void VoiceStateChanged(string roomId, string userId, VoiceStateFlags state) =>
        _events.Writer.TryWrite(new NodeEvent(NodeEventTypes.State, roomId, userId, State: state));
}

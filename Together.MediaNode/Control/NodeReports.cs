using Together.MediaNode.Sfu;

namespace Together.MediaNode.Control;

/// <summary>
/// What a node tells the Api, in order: <see cref="Events"/> as they happened, then (every
/// <see cref="MediaNodeOptions.ReportInterval"/>) <see cref="Rooms"/>, everyone on the node at that moment. The
/// snapshot is the truth the Api reconciles its voice states with, so a lost event heals at the next one, and a
/// node whose reports stop (or whose <see cref="NodeId"/> changes: a restart) has its voice states cleared.
/// </summary>
public sealed record NodeReport(string NodeId, IReadOnlyList<NodeEvent> Events, IReadOnlyList<RoomSnapshot>? Rooms);

/// <summary>One change: <see cref="Type"/> is one of <see cref="NodeEventTypes"/>.</summary>
public sealed record NodeEvent(
    string Type, string RoomId, string UserId, string? Reason = null, bool? Speaking = null, VoiceStateFlags? State = null);

public static class NodeEventTypes
{
    public const string Joined = "joined";
    public const string Left = "left";
    public const string Speaking = "speaking";
    public const string State = "state";
}

public sealed record RoomSnapshot(string RoomId, IReadOnlyList<ParticipantSnapshot> Participants);

public sealed record ParticipantSnapshot(string UserId, VoiceStateFlags State, bool Speaking);

/// <summary>Where a node's reports go: the Api in-process (merged), or over HTTP (<see cref="HttpNodeReportSink"/>).</summary>
public interface INodeReportSink
{
    /// <summary>Delivers one report; throws when it did not arrive, and the reporter retries it.</summary>
    Task DeliverAsync(NodeReport report, CancellationToken cancellationToken);
}

/// <summary>This node process: a new id each start, so the Api tells a restarted node from the one it replaced.</summary>
public sealed class NodeIdentity
{
    public string Id { get; } = Guid.NewGuid().ToString("N");
}

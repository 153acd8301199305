namespace Together.Api.Domain;

/// <summary>
/// A user connected to a voice channel, as the media node reports it: one channel per user across the instance.
/// Created and removed from the node's reports (<c>VoiceStateService</c>); what moderators impose lives on
/// <see cref="Member"/> (<see cref="Member.VoiceMuted"/>, <see cref="Member.VoiceDeafened"/>) so leaving does not
/// shake it off.
/// </summary>
public sealed class VoiceState
{
    public long UserId { get; set; }

    public long ServerId { get; set; }

    public long ChannelId { get; set; }

    /// <summary>The media node process that carries the call (its id changes when it restarts).</summary>
    public required string NodeId { get; set; }

    public bool SelfMute { get; set; }

    public bool SelfDeaf { get; set; }

    /// <summary>True while the user lacks SPEAK in the channel: connected, heard by no one.</summary>
    public bool Suppress { get; set; }

    /// <summary>When the node last reported this state (event or snapshot): a node silent for too long has gone.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>When the Api last changed the channel (join or move): a snapshot taken before that does not remove it.</summary>
    public DateTimeOffset ChannelSince { get; set; }
}

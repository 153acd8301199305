using System.ComponentModel.DataAnnotations;

namespace Together.Api.Gateway;

/// <summary>The <c>Gateway</c> configuration section: presence and resume (docs/api.md, "Presence" and "Resuming").</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>How long a user stays online after their last connection closed, so a quick reconnect does not flap.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan OfflineGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Events a gateway session keeps for <c>Resume</c>; the buffer grows with events, never preallocated.</summary>
    [Range(1, 100_000)]
    public int ResumeBufferSize { get; set; } = 1000;

    /// <summary>How long a session outlives its connection, resumable and still collecting events.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ResumeTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a new connection of a user holding another session waits for <c>Resume</c> before events flow.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ResumeHold { get; set; } = TimeSpan.FromSeconds(2);
}

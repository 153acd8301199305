namespace Together.Api.Domain;

/// <summary>
/// A text or voice channel or a category of a server, or a direct-message channel (no server). Positions order
/// channels within their parent.
/// </summary>
public sealed class Channel
{
    public const int NameMaxLength = 100;
    public const int TopicMaxLength = 1024;
    public const int MaxSlowmodeSeconds = 21_600;

    /// <summary>People in a group DM at most, its owner included.</summary>
    public const int MaxGroupDmRecipients = 10;

    public long Id { get; set; }

    /// <summary>Null for DM and group DM channels.</summary>
    public long? ServerId { get; set; }

    public ChannelType Type { get; set; }

    public string? Name { get; set; }

    public string? Topic { get; set; }

    public int Position { get; set; }

    /// <summary>The category holding this channel, if any.</summary>
    public long? ParentId { get; set; }

    /// <summary>
    /// While true the channel has no overwrites of its own and uses its category's (Discord's "synced"); editing
    /// one of its overwrites copies the category's and clears this.
    /// </summary>
    public bool PermissionsSynced { get; set; }

    public bool Nsfw { get; set; }

    public int SlowmodeSeconds { get; set; }

    /// <summary>Voice channels: bits per second the clients should send.</summary>
    public int? Bitrate { get; set; }

    /// <summary>Voice channels: at most this many people at once; 0 for no limit.</summary>
    public int? UserLimit { get; set; }

    /// <summary>Group DMs: who may add and remove participants. Null for other channels.</summary>
    public long? OwnerId { get; set; }

    /// <summary>
    /// DMs: both participants' ids, lower first (<see cref="DirectKeyOf"/>), unique, so two requests opening the same
    /// DM at once cannot create two. Null for other channels.
    /// </summary>
    public string? DirectKey { get; set; }

    /// <summary>Snowflake of the newest message, for unread state and ordering DMs.</summary>
    public long? LastMessageId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<PermissionOverwrite> Overwrites { get; } = [];

    public static string DirectKeyOf(long userId, long otherUserId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Math.Min(userId, otherUserId)}:{Math.Max(userId, otherUserId)}");
}

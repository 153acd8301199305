namespace Together.Api.Domain;

/// <summary>
/// A message in a channel. Deleted messages stay as rows (soft delete) so replies and read states keep their
/// anchor, but their content is cleared and the API no longer returns them.
/// </summary>
public sealed class Message
{
    public const int ContentMaxLength = 4000;
    public const int MaxPinsPerChannel = 50;

    public long Id { get; set; }

    public long ChannelId { get; set; }

    public long AuthorId { get; set; }

    public User? Author { get; set; }

    public required string Content { get; set; }

    /// <summary>The message this one answers, in the same channel.</summary>
    public long? ReplyToId { get; set; }

    /// <summary>Whether it mentions @everyone or @here (only when the author had MENTION_EVERYONE).</summary>
    public bool MentionsEveryone { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public DateTimeOffset? PinnedAt { get; set; }

    public List<Mention> Mentions { get; } = [];

    public List<Attachment> Attachments { get; } = [];

    public List<Reaction> Reactions { get; } = [];
}

public enum MentionType
{
    User,
    Role,
}

/// <summary>A user or role a message mentions, as parsed from its content when it was sent or edited.</summary>
public sealed class Mention
{
    public long MessageId { get; set; }

    public long TargetId { get; set; }

    public MentionType Type { get; set; }
}

/// <summary>One user's reaction with one emoji to one message.</summary>
public sealed class Reaction
{
    public const int EmojiMaxLength = 64;

    public long MessageId { get; set; }

    public required string Emoji { get; set; }

    public long UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A file uploaded by a user, stored once per content (<see cref="ContentHash"/> names it in storage) and bound to
/// a message when sent. An upload not sent with a message within a day is removed.
/// </summary>
public sealed class Attachment
{
    public const int FileNameMaxLength = 255;

    public long Id { get; set; }

    public long UploaderId { get; set; }

    /// <summary>Null until it is sent with a message.</summary>
    public long? MessageId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string ContentHash { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A participant of a DM or group DM channel.</summary>
public sealed class ChannelRecipient
{
    public long ChannelId { get; set; }

    public long UserId { get; set; }
}

/// <summary>How far a user has read a channel, and how many mentions of them are unread there.</summary>
public sealed class ReadState
{
    public long UserId { get; set; }

    public long ChannelId { get; set; }

    public long LastReadMessageId { get; set; }

    public int MentionCount { get; set; }
}

public enum NotificationLevel
{
    AllMessages,
    OnlyMentions,
    Nothing,
}

/// <summary>
/// A user's notification choice for a whole server (<see cref="ChannelId"/> null) or one channel (<see cref="ServerId"/>
/// its server, null for a DM). A null <see cref="Level"/> follows the default: a channel its server's, a server or a
/// DM every message.
/// </summary>
public sealed class NotificationSetting
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public long? ServerId { get; set; }

    public long? ChannelId { get; set; }

    public NotificationLevel? Level { get; set; }

    public DateTimeOffset? MutedUntil { get; set; }
}

/// <summary>A user blocking another: the blocked user can no longer open or write in a DM with them.</summary>
public sealed class UserBlock
{
    public long UserId { get; set; }

    public long BlockedUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

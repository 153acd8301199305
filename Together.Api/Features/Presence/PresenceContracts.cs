using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.Presence;

/// <summary>The statuses of DESIGN §5. A user chooses online, idle, dnd or invisible; others see invisible as offline.</summary>
public static class PresenceStatus
{
    public const string Online = "online";
    public const string Idle = "idle";
    public const string DoNotDisturb = "dnd";
    public const string Invisible = "invisible";
    public const string Offline = "offline";

    /// <summary>What a user may choose with <c>UpdatePresence</c>.</summary>
    public static bool IsChoosable(string? status) => status is Online or Idle or DoNotDisturb or Invisible;
}

/// <summary>A custom status: some text, an emoji, or both.</summary>
[MessagePackObject]
public sealed record CustomStatus(
    [property: MessagePackKey("text")] string? Text,
    [property: MessagePackKey("emoji")] string? Emoji)
{
    public const int TextMaxLength = 128;
}

/// <summary>PRESENCE_UPDATE's payload and READY's presences: a user's presence as the receiver may see it.</summary>
[MessagePackObject]
public sealed record PresenceDto(
    [property: MessagePackKey("userId")] string UserId,
    [property: MessagePackKey("status")] string Status,
    [property: MessagePackKey("customStatus")] CustomStatus? CustomStatus);

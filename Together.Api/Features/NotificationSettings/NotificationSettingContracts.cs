using System.ComponentModel.DataAnnotations;
using Together.Api.Domain;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.NotificationSettings;

/// <summary>
/// PATCH of a server's or channel's notification setting: absent fields stay; <c>level</c> is <c>all</c>,
/// <c>mentions</c>, <c>nothing</c> or <c>default</c>; <c>mutedUntil</c> an ISO 8601 time, or <c>""</c> to unmute.
/// </summary>
public sealed record UpdateNotificationSettingRequest(
    [StringLength(16)] string? Level,
    [StringLength(40)] string? MutedUntil);

/// <summary>
/// What the user wants to be notified of in a server (<c>channelId</c> null) or a channel (<c>serverId</c> null for
/// a DM). <c>level</c> <c>default</c>: a channel follows its server, a server or DM notifies of every message.
/// </summary>
[MessagePackObject]
public sealed record NotificationSettingDto(
    [property: MessagePackKey("serverId")] string? ServerId,
    [property: MessagePackKey("channelId")] string? ChannelId,
    [property: MessagePackKey("level")] string Level,
    [property: MessagePackKey("mutedUntil")] DateTimeOffset? MutedUntil);

/// <summary>A user changed a notification setting; their other sessions hear of it (NOTIFICATION_SETTINGS_UPDATE).</summary>
public sealed record NotificationSettingUpdated(long UserId, NotificationSettingDto Setting);

public static class NotificationLevels
{
    public const string Default = "default";

    public static string ToApiName(this NotificationLevel? level) => level switch
    {
        NotificationLevel.AllMessages => "all",
        NotificationLevel.OnlyMentions => "mentions",
        NotificationLevel.Nothing => "nothing",
        _ => Default,
    };

    /// <summary>The stored level for an API name; false for a name that is none.</summary>
    public static bool TryParse(string value, out NotificationLevel? level)
    {
        level = value switch
        {
            "all" => NotificationLevel.AllMessages,
            "mentions" => NotificationLevel.OnlyMentions,
            "nothing" => NotificationLevel.Nothing,
            _ => null,
        };
        return level is not null || value == Default;
    }

    public static NotificationSettingDto ToDto(this NotificationSetting setting) =>
        new(setting.ServerId is { } serverId ? Snowflake.Format(serverId) : null,
            setting.ChannelId is { } channelId ? Snowflake.Format(channelId) : null,
            setting.Level.ToApiName(),
            setting.MutedUntil);
}

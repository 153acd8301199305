using System.ComponentModel.DataAnnotations;
using Together.Api.Domain;
using Together.Api.Permissions;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.Channels;

/// <summary>
/// A server channel. <c>type</c> is <c>text</c>, <c>voice</c> or <c>category</c>. <c>permissionOverwrites</c> are
/// the ones in force: a channel synced with its category (<c>permissionsSynced</c>) shows the category's.
/// </summary>
[MessagePackObject]
public sealed record ChannelDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("serverId")] string ServerId,
    [property: MessagePackKey("type")] string Type,
    [property: MessagePackKey("name")] string Name,
    [property: MessagePackKey("topic")] string? Topic,
    [property: MessagePackKey("position")] int Position,
    [property: MessagePackKey("parentId")] string? ParentId,
    [property: MessagePackKey("permissionsSynced")] bool PermissionsSynced,
    [property: MessagePackKey("nsfw")] bool Nsfw,
    [property: MessagePackKey("slowmodeSeconds")] int SlowmodeSeconds,
    [property: MessagePackKey("bitrate")] int? Bitrate,
    [property: MessagePackKey("userLimit")] int? UserLimit,
    [property: MessagePackKey("permissionOverwrites")] IReadOnlyList<OverwriteDto> PermissionOverwrites);

/// <summary>An overwrite: <c>id</c> is a role id (the server id for @everyone) or a user id; bits as decimal strings.</summary>
[MessagePackObject]
public sealed record OverwriteDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("type")] string Type,
    [property: MessagePackKey("allow")] string Allow,
    [property: MessagePackKey("deny")] string Deny);

/// <summary>POST /servers/{id}/channels. <c>type</c> defaults to <c>text</c>; bitrate and userLimit only for voice.</summary>
public sealed record CreateChannelRequest(
    [Required, StringLength(Channel.NameMaxLength)] string Name,
    [StringLength(16)] string? Type,
    [StringLength(20)] string? ParentId,
    [StringLength(Channel.TopicMaxLength)] string? Topic,
    int? Position,
    bool? Nsfw,
    int? SlowmodeSeconds,
    int? Bitrate,
    int? UserLimit);

/// <summary>
/// PATCH /channels/{id}: absent (or null) fields stay as they are; an empty <c>topic</c> removes the topic, an empty
/// <c>parentId</c> takes the channel out of its category. <c>lockPermissions</c> with a new parent syncs the channel
/// with it.
/// </summary>
public sealed record UpdateChannelRequest(
    [StringLength(Channel.NameMaxLength)] string? Name,
    [StringLength(Channel.TopicMaxLength)] string? Topic,
    int? Position,
    [StringLength(20)] string? ParentId,
    bool? LockPermissions,
    bool? Nsfw,
    int? SlowmodeSeconds,
    int? Bitrate,
    int? UserLimit);

/// <summary>One entry of a reorder; <c>parentId</c> as in PATCH (absent: unchanged, empty: none).</summary>
public sealed record ChannelPositionRequest(
    [StringLength(20)] string? Id,
    int? Position,
    [StringLength(20)] string? ParentId,
    bool? LockPermissions);

/// <summary>PUT /channels/{id}/permissions/{targetId}: <c>type</c> is <c>role</c> or <c>member</c>.</summary>
public sealed record PutOverwriteRequest(
    [Required, StringLength(16)] string Type,
    [StringLength(20)] string? Allow,
    [StringLength(20)] string? Deny);

public static class ChannelMappings
{
    public static string ToApiName(this ChannelType type) => type switch
    {
        ChannelType.GroupDm => "group_dm",
        _ => type.ToString().ToLowerInvariant(),
    };

    public static string ToApiName(this OverwriteTargetType type) => type.ToString().ToLowerInvariant();

    /// <param name="overwrites">The overwrites in force: the category's when the channel is synced with it.</param>
    public static ChannelDto ToDto(this Channel channel, IEnumerable<PermissionOverwrite> overwrites) =>
        new(Snowflake.Format(channel.Id),
            Snowflake.Format(channel.ServerId ?? 0),
            channel.Type.ToApiName(),
            channel.Name ?? "",
            channel.Topic,
            channel.Position,
            channel.ParentId is { } parentId ? Snowflake.Format(parentId) : null,
            channel.PermissionsSynced,
            channel.Nsfw,
            channel.SlowmodeSeconds,
            channel.Bitrate,
            channel.UserLimit,
            overwrites.OrderBy(overwrite => overwrite.TargetId).Select(ToDto).ToList());

    public static OverwriteDto ToDto(this PermissionOverwrite overwrite) =>
        new(Snowflake.Format(overwrite.TargetId), overwrite.TargetType.ToApiName(), PermissionText.Format(overwrite.Allow),
            PermissionText.Format(overwrite.Deny));
}

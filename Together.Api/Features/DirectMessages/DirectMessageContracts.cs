using System.ComponentModel.DataAnnotations;
using Together.Api.Domain;
using MessagePackKey = MessagePack.KeyAttribute;
using MessagePackObject = MessagePack.MessagePackObjectAttribute;

namespace Together.Api.Features.DirectMessages;

/// <summary>
/// POST /users/@me/channels: one id opens the DM with that user (the same channel every time), 2–9 ids create a
/// group DM of the caller and them, named <c>name</c> if given.
/// </summary>
public sealed record OpenPrivateChannelRequest(
    [Required] IReadOnlyList<string>? RecipientIds,
    [StringLength(Channel.NameMaxLength)] string? Name);

/// <summary>
/// A DM (<c>dm</c>) or group DM (<c>group_dm</c>). <c>recipients</c> are every participant, the caller included;
/// <c>name</c> and <c>ownerId</c> only for group DMs; <c>lastMessageId</c> null before the first message.
/// </summary>
[MessagePackObject]
public sealed record PrivateChannelDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("type")] string Type,
    [property: MessagePackKey("name")] string? Name,
    [property: MessagePackKey("ownerId")] string? OwnerId,
    [property: MessagePackKey("recipients")] IReadOnlyList<RecipientDto> Recipients,
    [property: MessagePackKey("lastMessageId")] string? LastMessageId,
    [property: MessagePackKey("createdAt")] DateTimeOffset CreatedAt);

/// <summary>A participant of a DM, or a blocked user: who they are, as messages show authors.</summary>
[MessagePackObject]
public sealed record RecipientDto(
    [property: MessagePackKey("id")] string Id,
    [property: MessagePackKey("username")] string Username,
    [property: MessagePackKey("displayName")] string? DisplayName);

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Together.Api.Domain;
using Together.Api.Features.Users;

namespace Together.Api.Features.Members;

/// <summary>
/// PATCH /servers/{id}/members/{userId}: absent fields stay as they are. <c>nickname: null</c> or <c>""</c> clears
/// the nickname; <c>timeoutUntil: null</c> ends a timeout. Presence is recorded because absent and null differ.
/// </summary>
public sealed class UpdateMemberRequest
{
    private string? _nickname;
    private DateTimeOffset? _timeoutUntil;

    [StringLength(Member.NicknameMaxLength)]
    public string? Nickname
    {
        get => _nickname;
        set
        {
            _nickname = value;
            HasNickname = true;
        }
    }

    /// <summary>Until when the member may only read; at most 28 days ahead.</summary>
    public DateTimeOffset? TimeoutUntil
    {
        get => _timeoutUntil;
        set
        {
            _timeoutUntil = value;
            HasTimeoutUntil = true;
        }
    }

    [JsonIgnore]
    public bool HasNickname { get; private set; }

    [JsonIgnore]
    public bool HasTimeoutUntil { get; private set; }
}

/// <summary>PUT /servers/{id}/bans/{userId}; the body is optional.</summary>
public sealed record BanRequest(
    [StringLength(Ban.ReasonMaxLength)] string? Reason,
    [Range(0, BanRules.MaxDeleteMessageSeconds)] int? DeleteMessageSeconds);

public sealed record BanDto(UserDto User, string? Reason, string ModeratorId, DateTimeOffset CreatedAt);

public static class BanRules
{
    /// <summary>Discord's ceiling on deleting a banned user's recent messages: 7 days.</summary>
    public const int MaxDeleteMessageSeconds = 7 * 24 * 60 * 60;
}

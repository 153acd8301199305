namespace Together.Api.Permissions;

/// <summary>
/// Permission bits at Discord's positions, so an imported Discord server keeps its meaning and Discord's
/// documentation explains each one. Sent in JSON as a decimal string (64 bits do not fit a JavaScript number).
/// </summary>
[Flags]
public enum Permission : ulong
{
    None = 0,
    CreateInvite = 1UL << 0,
    KickMembers = 1UL << 1,
    BanMembers = 1UL << 2,
    Administrator = 1UL << 3,
    ManageChannels = 1UL << 4,
    ManageServer = 1UL << 5,
    AddReactions = 1UL << 6,
    ViewAuditLog = 1UL << 7,
    PrioritySpeaker = 1UL << 8,
    Stream = 1UL << 9,
    ViewChannel = 1UL << 10,
    SendMessages = 1UL << 11,
    SendTtsMessages = 1UL << 12,
    ManageMessages = 1UL << 13,
    EmbedLinks = 1UL << 14,
    AttachFiles = 1UL << 15,
    ReadMessageHistory = 1UL << 16,
    MentionEveryone = 1UL << 17,
    UseExternalEmojis = 1UL << 18,
    ViewServerInsights = 1UL << 19,
    Connect = 1UL << 20,
    Speak = 1UL << 21,
    MuteMembers = 1UL << 22,
    DeafenMembers = 1UL << 23,
    MoveMembers = 1UL << 24,
    UseVoiceActivity = 1UL << 25,
    ChangeNickname = 1UL << 26,
    ManageNicknames = 1UL << 27,
    ManageRoles = 1UL << 28,
    ManageWebhooks = 1UL << 29,
    ManageExpressions = 1UL << 30,
    UseApplicationCommands = 1UL << 31,
    RequestToSpeak = 1UL << 32,
    ManageEvents = 1UL << 33,
    ManageThreads = 1UL << 34,
    CreatePublicThreads = 1UL << 35,
    CreatePrivateThreads = 1UL << 36,
    UseExternalStickers = 1UL << 37,
    SendMessagesInThreads = 1UL << 38,
    UseEmbeddedActivities = 1UL << 39,
    ModerateMembers = 1UL << 40,
    SendVoiceMessages = 1UL << 46,
    SendPolls = 1UL << 49,
}

public static class PermissionSets
{
    /// <summary>Every bit Together knows; what the owner and administrators have.</summary>
    public const Permission All =
        Permission.CreateInvite | Permission.KickMembers | Permission.BanMembers | Permission.Administrator
        | Permission.ManageChannels | Permission.ManageServer | Permission.AddReactions | Permission.ViewAuditLog
        | Permission.PrioritySpeaker | Permission.Stream | Permission.ViewChannel | Permission.SendMessages
        | Permission.SendTtsMessages | Permission.ManageMessages | Permission.EmbedLinks | Permission.AttachFiles
        | Permission.ReadMessageHistory | Permission.MentionEveryone | Permission.UseExternalEmojis
        | Permission.ViewServerInsights | Permission.Connect | Permission.Speak | Permission.MuteMembers
        | Permission.DeafenMembers | Permission.MoveMembers | Permission.UseVoiceActivity | Permission.ChangeNickname
        | Permission.ManageNicknames | Permission.ManageRoles | Permission.ManageWebhooks | Permission.ManageExpressions
        | Permission.UseApplicationCommands | Permission.RequestToSpeak | Permission.ManageEvents
        | Permission.ManageThreads | Permission.CreatePublicThreads | Permission.CreatePrivateThreads
        | Permission.UseExternalStickers | Permission.SendMessagesInThreads | Permission.UseEmbeddedActivities
        | Permission.ModerateMembers | Permission.SendVoiceMessages | Permission.SendPolls;

    /// <summary>What @everyone may do in a new server: talk, listen, react, invite, change their own nickname.</summary>
    public const Permission EveryoneDefault =
        Permission.CreateInvite | Permission.AddReactions | Permission.Stream | Permission.ViewChannel
        | Permission.SendMessages | Permission.EmbedLinks | Permission.AttachFiles | Permission.ReadMessageHistory
        | Permission.UseExternalEmojis | Permission.Connect | Permission.Speak | Permission.UseVoiceActivity
        | Permission.ChangeNickname | Permission.UseApplicationCommands | Permission.RequestToSpeak
        | Permission.CreatePublicThreads | Permission.CreatePrivateThreads | Permission.UseExternalStickers
        | Permission.SendMessagesInThreads | Permission.UseEmbeddedActivities | Permission.SendVoiceMessages
        | Permission.SendPolls;

    /// <summary>What a timed-out member keeps (Discord's rule): seeing and reading, nothing else.</summary>
    public const Permission WhileTimedOut = Permission.ViewChannel | Permission.ReadMessageHistory;

    /// <summary>
    /// What every participant of a DM or group DM holds there, fixed: talk, read, react, attach. No MANAGE_MESSAGES:
    /// each deletes only their own messages (pins are open to participants through their routes).
    /// </summary>
    public const Permission PrivateChannel =
        Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory | Permission.AddReactions
        | Permission.AttachFiles | Permission.EmbedLinks | Permission.UseExternalEmojis;

    /// <summary>A DM in which one participant blocked the other: the history stays readable, nothing more.</summary>
    public const Permission PrivateChannelBlocked = Permission.ViewChannel | Permission.ReadMessageHistory;

    /// <summary>Lost with SEND_MESSAGES in a channel: what only makes sense while sending.</summary>
    public const Permission NeedSendMessages =
        Permission.SendTtsMessages | Permission.EmbedLinks | Permission.AttachFiles | Permission.MentionEveryone
        | Permission.SendVoiceMessages | Permission.SendPolls;

    /// <summary>Lost without CONNECT in a voice channel.</summary>
    public const Permission NeedConnect =
        Permission.Speak | Permission.Stream | Permission.MuteMembers | Permission.DeafenMembers | Permission.MoveMembers
        | Permission.UseVoiceActivity | Permission.PrioritySpeaker | Permission.RequestToSpeak
        | Permission.UseEmbeddedActivities;

    /// <summary>Bits that only have meaning per channel; the rest are server-wide.</summary>
    public const Permission ChannelScoped =
        Permission.CreateInvite | Permission.ManageChannels | Permission.AddReactions | Permission.PrioritySpeaker
        | Permission.Stream | Permission.ViewChannel | Permission.SendMessages | Permission.SendTtsMessages
        | Permission.ManageMessages | Permission.EmbedLinks | Permission.AttachFiles | Permission.ReadMessageHistory
        | Permission.MentionEveryone | Permission.UseExternalEmojis | Permission.Connect | Permission.Speak
        | Permission.MuteMembers | Permission.DeafenMembers | Permission.MoveMembers | Permission.UseVoiceActivity
        | Permission.ManageRoles | Permission.ManageWebhooks | Permission.UseApplicationCommands
        | Permission.RequestToSpeak | Permission.ManageEvents | Permission.ManageThreads
        | Permission.CreatePublicThreads | Permission.CreatePrivateThreads | Permission.UseExternalStickers
        | Permission.SendMessagesInThreads | Permission.UseEmbeddedActivities | Permission.SendVoiceMessages
        | Permission.SendPolls;
}

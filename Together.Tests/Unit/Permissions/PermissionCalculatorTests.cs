using Together.Api.Domain;
using Together.Api.Permissions;
using static Together.Api.Permissions.Permission;

namespace Together.Tests.Unit.Permissions;

/// <summary>
/// The permission function, table-driven: each case is a server (owner, @everyone, roles), a member, a channel's
/// overwrites, and the bits that must and must not result. Bit positions are checked against Discord's.
/// </summary>
public sealed class PermissionCalculatorTests
{
    private const long ServerId = 100;
    private const long OwnerId = 1;
    private const long MemberId = 2;
    private const long Other = 3;
    private const long Mods = 201;
    private const long Helpers = 202;
    private const long Muted = 203;
    private const long Admins = 204;
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static readonly Permission Everyone = PermissionSets.EveryoneDefault;

    public static TheoryData<Case> Cases => new()
    {
        // Owner and ADMINISTRATOR
        new("owner has everything on the server", Member: OwnerId, Expect: PermissionSets.All),
        new("owner has everything even where @everyone is denied view", Member: OwnerId,
            Overwrites: [RoleDeny(ServerId, ViewChannel)], Expect: PermissionSets.All),
        new("owner has everything while timed out", Member: OwnerId, TimedOut: true, Expect: PermissionSets.All),
        new("owner has everything with a member deny on themselves", Member: OwnerId,
            Overwrites: [MemberDeny(OwnerId, PermissionSets.All)], Expect: PermissionSets.All),
        new("administrator role gives everything", Roles: [Admins], Expect: PermissionSets.All),
        new("administrator ignores channel denies", Roles: [Admins],
            Overwrites: [RoleDeny(ServerId, ViewChannel), RoleDeny(Admins, SendMessages), MemberDeny(MemberId, ViewChannel)],
            Expect: PermissionSets.All),
        new("administrator ignores a timeout", Roles: [Admins], TimedOut: true, Expect: PermissionSets.All),
        new("administrator on @everyone gives everyone everything", EveryonePermissions: Administrator, Expect: PermissionSets.All),
        new("administrator as a channel allow means nothing (server-level only)",
            Overwrites: [RoleAllow(ServerId, Administrator)], Has: ViewChannel, HasNot: BanMembers | ManageServer),

        // @everyone only
        new("@everyone defaults: view, send, read, connect, speak", Has: ViewChannel | SendMessages | ReadMessageHistory | AddReactions),
        new("@everyone defaults: no moderation", HasNot: KickMembers | BanMembers | ManageMessages | ManageChannels | ManageRoles | ManageServer | Administrator | ModerateMembers),
        new("@everyone defaults in voice: connect and speak", Type: ChannelType.Voice, Has: Connect | Speak | UseVoiceActivity),
        new("@everyone with nothing sees nothing", EveryonePermissions: None, Expect: None),
        new("@everyone with only view sees but cannot send", EveryonePermissions: ViewChannel, Expect: ViewChannel),
        new("server permissions without a channel are the base", Server: true, Has: ChangeNickname | CreateInvite),
        new("server permissions of a plain member lack ban", Server: true, HasNot: BanMembers),

        // Stacked roles
        new("roles stack on @everyone", Roles: [Mods, Helpers], Has: KickMembers | ManageMessages | SendMessages),
        new("a role adds to @everyone", Roles: [Helpers], Has: ManageMessages | ViewChannel),
        new("unknown role ids are ignored", Roles: [999], Has: ViewChannel, HasNot: KickMembers),
        new("a role with no bits changes nothing", Roles: [Muted], Has: SendMessages),
        new("server-level: moderator can kick and ban", Roles: [Mods], Server: true, Has: KickMembers | BanMembers),

        // Overwrites: precedence
        new("@everyone deny removes view", Overwrites: [RoleDeny(ServerId, ViewChannel)], Expect: None),
        new("@everyone deny send keeps view", Overwrites: [RoleDeny(ServerId, SendMessages)], Has: ViewChannel | ReadMessageHistory, HasNot: SendMessages),
        new("@everyone allow adds a bit", EveryonePermissions: ViewChannel, Overwrites: [RoleAllow(ServerId, SendMessages)], Has: SendMessages),
        new("role allow beats @everyone deny", Roles: [Helpers],
            Overwrites: [RoleDeny(ServerId, SendMessages), RoleAllow(Helpers, SendMessages)], Has: SendMessages),
        new("role deny beats @everyone allow", Roles: [Muted],
            Overwrites: [RoleAllow(ServerId, AddReactions), RoleDeny(Muted, AddReactions)], HasNot: AddReactions),
        new("role allows and denies combine: allow wins between roles", Roles: [Muted, Helpers],
            Overwrites: [RoleDeny(Muted, SendMessages), RoleAllow(Helpers, SendMessages)], Has: SendMessages),
        new("role deny without a matching allow holds", Roles: [Muted, Helpers],
            Overwrites: [RoleDeny(Muted, SendMessages), RoleAllow(Helpers, AddReactions)], HasNot: SendMessages, Has: AddReactions),
        new("member allow beats role deny", Roles: [Muted],
            Overwrites: [RoleDeny(Muted, SendMessages), MemberAllow(MemberId, SendMessages)], Has: SendMessages),
        new("member deny beats role allow", Roles: [Helpers],
            Overwrites: [RoleAllow(Helpers, SendMessages), MemberDeny(MemberId, SendMessages)], HasNot: SendMessages),
        new("member deny beats @everyone allow", Overwrites: [RoleAllow(ServerId, SendMessages), MemberDeny(MemberId, SendMessages)], HasNot: SendMessages),
        new("member allow beats @everyone deny", Overwrites: [RoleDeny(ServerId, ViewChannel), MemberAllow(MemberId, ViewChannel)], Has: ViewChannel),
        new("another member's overwrite does not apply", Overwrites: [MemberDeny(Other, ViewChannel)], Has: ViewChannel),
        new("a role's overwrite does not apply to members without it", Overwrites: [RoleDeny(Muted, SendMessages)], Has: SendMessages),
        new("deny before allow on one level: both set means allowed", Overwrites: [new(ServerId, OverwriteTargetType.Role, SendMessages, SendMessages)], Has: SendMessages),
        new("deny before allow for a member: both set means allowed", Overwrites: [new(MemberId, OverwriteTargetType.Member, AddReactions, AddReactions)], Has: AddReactions),
        new("private channel: @everyone denied, a role allowed", Roles: [Helpers],
            Overwrites: [RoleDeny(ServerId, ViewChannel), RoleAllow(Helpers, ViewChannel)], Has: ViewChannel | SendMessages),
        new("private channel: members without the role see nothing", Overwrites: [RoleDeny(ServerId, ViewChannel), RoleAllow(Helpers, ViewChannel)], Expect: None),
        new("private channel: a single member let in", Overwrites: [RoleDeny(ServerId, ViewChannel), MemberAllow(MemberId, ViewChannel)], Has: ViewChannel | SendMessages),
        new("overwrite can grant a moderation bit in one channel", Overwrites: [MemberAllow(MemberId, ManageMessages)], Has: ManageMessages),
        new("role with a member-type id does not match the member", Overwrites: [new(MemberId, OverwriteTargetType.Role, None, ViewChannel)], Has: ViewChannel),

        // No VIEW_CHANNEL means nothing else
        new("no view: send and read go too", Overwrites: [RoleDeny(ServerId, ViewChannel)], Roles: [Helpers], HasNot: SendMessages | ReadMessageHistory | ManageMessages),
        new("no view: granted bits still gone", Overwrites: [RoleDeny(ServerId, ViewChannel), MemberAllow(MemberId, ManageMessages | SendMessages)], Expect: None),
        new("no view in voice: no connect", Type: ChannelType.Voice, Overwrites: [RoleDeny(ServerId, ViewChannel)], Expect: None),
        new("no view on a category: nothing", Type: ChannelType.Category, Overwrites: [RoleDeny(ServerId, ViewChannel)], Expect: None),

        // No SEND_MESSAGES means no attachments or mentions
        new("no send: no attachments, embeds or mention everyone", Roles: [Mods],
            Overwrites: [RoleDeny(ServerId, SendMessages), RoleDeny(Mods, SendMessages)],
            HasNot: SendMessages | AttachFiles | EmbedLinks | MentionEveryone | SendTtsMessages, Has: ViewChannel | ReadMessageHistory | AddReactions),
        new("no send: explicitly allowed attachments still go", Overwrites: [RoleDeny(ServerId, SendMessages), MemberAllow(MemberId, AttachFiles | MentionEveryone)],
            HasNot: AttachFiles | MentionEveryone),
        new("with send: mention everyone kept for those who have it", Roles: [Mods], Has: MentionEveryone | AttachFiles),
        new("no send in voice: voice bits kept", Type: ChannelType.Voice, Overwrites: [RoleDeny(ServerId, SendMessages)], Has: Connect | Speak),

        // Voice: no CONNECT means no voice bits
        new("no connect: no speak, stream, moderation in voice", Type: ChannelType.Voice, Roles: [Mods],
            Overwrites: [RoleDeny(ServerId, Connect), RoleDeny(Mods, Connect)], HasNot: Connect | Speak | Permission.Stream | MuteMembers | MoveMembers, Has: ViewChannel),
        new("connect with speak denied: listen only", Type: ChannelType.Voice, Overwrites: [RoleDeny(ServerId, Speak)], Has: Connect, HasNot: Speak),
        new("no connect in a text channel changes nothing else", Overwrites: [RoleDeny(ServerId, Connect)], Has: SendMessages),

        // Timeouts
        new("timed out: only view and read history", Roles: [Mods], TimedOut: true, Expect: ViewChannel | ReadMessageHistory),
        new("timed out: cannot send, react or speak", Type: ChannelType.Voice, TimedOut: true, HasNot: SendMessages | AddReactions | Speak | Connect),
        new("timed out on the server: only view and read", Server: true, Roles: [Mods], TimedOut: true, Expect: ViewChannel | ReadMessageHistory),
        new("timeout in the past does not apply", Timeout: Now.AddMinutes(-1), Has: SendMessages),
        new("timeout ending exactly now no longer applies", Timeout: Now, Has: SendMessages),
        new("timed out with view denied sees nothing", TimedOut: true, Overwrites: [RoleDeny(ServerId, ViewChannel)], Expect: None),
        new("timed out: member allow cannot lift it", TimedOut: true, Overwrites: [MemberAllow(MemberId, SendMessages)], HasNot: SendMessages),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Computes_effective_permissions(Case @case)
    {
        var server = Server(@case.EveryonePermissions ?? Everyone);
        var member = new MemberSnapshot(@case.Member, @case.Roles ?? [], @case.TimedOut ? Now.AddMinutes(10) : @case.Timeout);
        var channel = new ChannelSnapshot(500, @case.Type, @case.Overwrites ?? []);

        var actual = @case.Server
            ? PermissionCalculator.ForServer(server, member, Now)
            : PermissionCalculator.ForChannel(server, member, channel, Now);

        if (@case.Expect is { } expected)
        {
            Assert.True(expected == actual, $"{@case.Name}: expected {expected}, got {actual}");
        }

        Assert.True((actual & @case.Has) == @case.Has, $"{@case.Name}: lacks {@case.Has & ~actual}");
        Assert.True((actual & @case.HasNot) == None, $"{@case.Name}: has {actual & @case.HasNot}");
    }

    public static TheoryData<string, long, long[], long, long[], bool> Hierarchy => new()
    {
        // name, actor, actor roles, target, target roles, may act
        { "owner over anyone", OwnerId, [], MemberId, [Admins], true },
        { "nobody over the owner, not even an administrator", MemberId, [Admins], OwnerId, [], false },
        { "higher role over lower", MemberId, [Mods], Other, [Helpers], true },
        { "lower role not over higher", MemberId, [Helpers], Other, [Mods], false },
        { "equal highest roles: neither", MemberId, [Mods], Other, [Mods], false },
        { "any role over a member with none", MemberId, [Helpers], Other, [], true },
        { "no role over no role: no", MemberId, [], Other, [], false },
        { "the highest of several roles counts", MemberId, [Helpers, Admins], Other, [Mods], true },
        { "nobody acts on themselves this way", MemberId, [Admins], MemberId, [Admins], false },
    };

    [Theory]
    [MemberData(nameof(Hierarchy))]
    public void Members_act_only_on_members_ranked_below_them(string name, long actor, long[] actorRoles, long target, long[] targetRoles, bool expected)
    {
        var server = Server(Everyone);
        var result = PermissionCalculator.Outranks(server, new MemberSnapshot(actor, actorRoles, null), new MemberSnapshot(target, targetRoles, null));
        Assert.True(expected == result, name);
    }

    [Theory]
    [InlineData(OwnerId, new long[0], 4, true)]
    [InlineData(MemberId, new[] { Admins }, 4, false)]
    [InlineData(MemberId, new[] { Admins }, 3, true)]
    [InlineData(MemberId, new[] { Mods }, 3, false)]
    [InlineData(MemberId, new[] { Mods }, 2, true)]
    [InlineData(MemberId, new[] { Mods }, 1, true)]
    [InlineData(MemberId, new long[0], 0, false)]
    public void Roles_are_managed_only_below_ones_own_highest(long actor, long[] roles, int rolePosition, bool expected) =>
        Assert.Equal(expected, PermissionCalculator.Outranks(Server(Everyone), new MemberSnapshot(actor, roles, null), rolePosition));

    [Fact]
    public void Bits_sit_at_Discords_positions()
    {
        Assert.Equal(1UL << 3, (ulong)Administrator);
        Assert.Equal(1UL << 10, (ulong)ViewChannel);
        Assert.Equal(1UL << 11, (ulong)SendMessages);
        Assert.Equal(1UL << 13, (ulong)ManageMessages);
        Assert.Equal(1UL << 20, (ulong)Connect);
        Assert.Equal(1UL << 21, (ulong)Speak);
        Assert.Equal(1UL << 28, (ulong)ManageRoles);
        Assert.Equal(1UL << 40, (ulong)ModerateMembers);
        Assert.Equal(1UL << 49, (ulong)SendPolls);
    }

    /// <summary>@everyone at 0; Helpers 1, Muted 1, Mods 3, Admins 4 (positions).</summary>
    private static ServerSnapshot Server(Permission everyone) => new(ServerId, OwnerId, new Dictionary<long, RoleSnapshot>
    {
        [ServerId] = new(ServerId, 0, everyone),
        [Helpers] = new(Helpers, 1, ManageMessages),
        [Muted] = new(Muted, 1, None),
        [Mods] = new(Mods, 3, KickMembers | BanMembers | ManageMessages | MentionEveryone | MuteMembers | MoveMembers | ModerateMembers),
        [Admins] = new(Admins, 4, Administrator),
    });

    private static OverwriteSnapshot RoleAllow(long role, Permission bits) => new(role, OverwriteTargetType.Role, bits, None);

    private static OverwriteSnapshot RoleDeny(long role, Permission bits) => new(role, OverwriteTargetType.Role, None, bits);

    private static OverwriteSnapshot MemberAllow(long user, Permission bits) => new(user, OverwriteTargetType.Member, bits, None);

    private static OverwriteSnapshot MemberDeny(long user, Permission bits) => new(user, OverwriteTargetType.Member, None, bits);

    public sealed record Case(
        string Name,
        long Member = MemberId,
        long[]? Roles = null,
        Permission? EveryonePermissions = null,
        ChannelType Type = ChannelType.Text,
        OverwriteSnapshot[]? Overwrites = null,
        bool TimedOut = false,
        DateTimeOffset? Timeout = null,
        bool Server = false,
        Permission? Expect = null,
        Permission Has = None,
        Permission HasNot = None)
    {
        public override string ToString() => Name;
    }
}

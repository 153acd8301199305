import type { Channel, Member, PermissionOverwrite, Role, Server, Snowflake } from "../api/types";

// Discord's bits, as Together.Api/Permissions/Permission.cs numbers them. BigInt: 64 bits do not fit a number.
export const P = {
  CreateInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageServer: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  PrioritySpeaker: 1n << 8n,
  Stream: 1n << 9n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  MuteMembers: 1n << 22n,
  DeafenMembers: 1n << 23n,
  MoveMembers: 1n << 24n,
  UseVoiceActivity: 1n << 25n,
  ChangeNickname: 1n << 26n,
  ManageNicknames: 1n << 27n,
  ManageRoles: 1n << 28n,
  ManageExpressions: 1n << 30n,
  ModerateMembers: 1n << 40n,
} as const;

export type PermissionName = keyof typeof P;

const all = Object.values(P).reduce((sum, bit) => sum | bit, 0n);
const whileTimedOut = P.ViewChannel | P.ReadMessageHistory;
const needSend = P.EmbedLinks | P.AttachFiles | P.MentionEveryone;
const needConnect = P.Speak | P.Stream | P.MuteMembers | P.DeafenMembers | P.MoveMembers | P.UseVoiceActivity | P.PrioritySpeaker;

export interface PermissionInfo {
  name: PermissionName;
  label: string;
  explain: string;
  /** Whether a channel overwrite may allow or deny it (server-wide bits may not). */
  channel: boolean;
}

export interface PermissionGroup {
  title: string;
  permissions: PermissionInfo[];
}

const info = (name: PermissionName, label: string, explain: string, channel = true): PermissionInfo => ({ name, label, explain, channel });

/** What the roles editor shows, grouped as people look for them, each with what it lets a member do. */
export const permissionGroups: PermissionGroup[] = [
  {
    title: "General",
    permissions: [
      info("ViewChannel", "View channels", "See channels and read what is said in them, unless a channel denies it."),
      info("ManageChannels", "Manage channels", "Create, edit, reorder and delete channels and categories."),
      info("ManageRoles", "Manage roles", "Create and edit roles below their own highest role, give them to members, and edit channel permissions."),
      info("ManageServer", "Manage server", "Rename the server, change its icon, and see and revoke every invite.", false),
      info("ViewAuditLog", "View audit log", "Read the record of who changed what in this server.", false),
      info("ManageExpressions", "Manage expressions", "Add and remove the server's custom emoji.", false),
    ],
  },
  {
    title: "Membership",
    permissions: [
      info("CreateInvite", "Create invites", "Invite new people with a link."),
      info("ChangeNickname", "Change nickname", "Change their own nickname in this server.", false),
      info("ManageNicknames", "Manage nicknames", "Change other members' nicknames.", false),
      info("KickMembers", "Kick members", "Remove members below them; they may come back with a new invite.", false),
      info("BanMembers", "Ban members", "Remove members below them for good and optionally delete their recent messages.", false),
      info("ModerateMembers", "Time out members", "Stop members below them from talking, reacting or joining voice for a while.", false),
    ],
  },
  {
    title: "Text",
    permissions: [
      info("SendMessages", "Send messages", "Write in text channels."),
      info("EmbedLinks", "Embed links", "Links they send show a preview."),
      info("AttachFiles", "Attach files", "Upload images and files."),
      info("AddReactions", "Add reactions", "React to messages with new emoji (anyone may add to an existing reaction)."),
      info("UseExternalEmojis", "Use external emoji", "Use custom emoji from other servers."),
      info("MentionEveryone", "Mention @everyone and @here", "Notify everyone in a channel, and mention any role."),
      info("ManageMessages", "Manage messages", "Delete and pin other people's messages."),
      info("ReadMessageHistory", "Read message history", "Read what was said before they arrived."),
    ],
  },
  {
    title: "Voice",
    permissions: [
      info("Connect", "Connect", "Join voice channels."),
      info("Speak", "Speak", "Talk in voice channels."),
      info("Stream", "Video and screen share", "Share their camera or screen."),
      info("UseVoiceActivity", "Use voice activity", "Talk without push-to-talk."),
      info("PrioritySpeaker", "Priority speaker", "Be heard over others when they speak."),
      info("MuteMembers", "Mute members", "Mute others in voice channels."),
      info("DeafenMembers", "Deafen members", "Deafen others in voice channels."),
      info("MoveMembers", "Move members", "Move others between voice channels."),
    ],
  },
  {
    title: "Advanced",
    permissions: [
      info("Administrator", "Administrator", "Every permission, in every channel, whatever the channel says. Give it with care.", false),
    ],
  },
];

export function parseBits(value: string | undefined | null): bigint {
  try {
    return value ? BigInt(value) : 0n;
  } catch {
    return 0n;
  }
}

export function has(permissions: bigint, bit: bigint): boolean {
  return (permissions & bit) === bit;
}


interface Context {
  server: Server;
  roles: Record<Snowflake, Role>;
  member: Member | undefined;
  now?: number;
}

function timedOut(member: Member | undefined, now: number): boolean {
  const until = member?.timeoutUntil;
  return !!until && new Date(until).getTime() > now;
}

function base({ server, roles, member }: Context): bigint {
  let permissions = parseBits(roles[server.id]?.permissions);
  for (const id of member?.roles ?? []) permissions |= parseBits(roles[id]?.permissions);
  return permissions;
}

/** What a member may do server-wide (PermissionCalculator.ForServer). */
export function serverPermissions(context: Context): bigint {
  if (!context.member) return 0n;
  if (context.member.user.id === context.server.ownerId) return all;
  const permissions = base(context);
  if (has(permissions, P.Administrator)) return all;
  return timedOut(context.member, context.now ?? Date.now()) ? permissions & whileTimedOut : permissions;
}

/** What a member may do in a channel, overwrites included (PermissionCalculator.ForChannel). */
export function channelPermissions(context: Context, channel: Channel): bigint {
  const { server, member } = context;
  if (!member) return 0n;
  if (member.user.id === server.ownerId) return all;
  let permissions = base(context);
  if (has(permissions, P.Administrator)) return all;
  let roleAllow = 0n;
  let roleDeny = 0n;
  let everyone: PermissionOverwrite | undefined;
  let own: PermissionOverwrite | undefined;
  for (const overwrite of channel.permissionOverwrites ?? []) {
    if (overwrite.type === "role") {
      if (overwrite.id === server.id) everyone = overwrite;
      else if (member.roles.includes(overwrite.id)) {
        roleAllow |= parseBits(overwrite.allow);
        roleDeny |= parseBits(overwrite.deny);
      }
    } else if (overwrite.id === member.user.id) own = overwrite;
  }
  if (everyone) permissions = (permissions & ~parseBits(everyone.deny)) | parseBits(everyone.allow);
  permissions = (permissions & ~roleDeny) | roleAllow;
  if (own) permissions = (permissions & ~parseBits(own.deny)) | parseBits(own.allow);
  if (!has(permissions, P.ViewChannel)) return 0n;
  if (channel.type === "text" && !has(permissions, P.SendMessages)) permissions &= ~needSend;
  if (channel.type === "voice" && !has(permissions, P.Connect)) permissions &= ~needConnect;
  return timedOut(member, context.now ?? Date.now()) ? permissions & whileTimedOut : permissions;
}

/** The position of the member's highest role; the owner outranks every role. */
export function highestPosition(context: Context, member: Member | undefined): number {
  if (!member) return 0;
  if (member.user.id === context.server.ownerId) return Number.MAX_SAFE_INTEGER;
  return Math.max(0, ...member.roles.map((id) => context.roles[id]?.position ?? 0));
}

/** Whether the caller may moderate the target: never the owner, never themselves, only members ranked below. */
export function outranks(context: Context, target: Member): boolean {
  if (!context.member || target.user.id === context.server.ownerId || target.user.id === context.member.user.id) return false;
  return highestPosition(context, context.member) > highestPosition(context, target);
}

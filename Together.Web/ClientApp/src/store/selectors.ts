import type { Channel, Member, ReadState, Role, Snowflake, User } from "../api/types";
import { compareIds } from "./reduce";
import type { ClientMessage, DataState, Presence } from "./model";
import { displayName } from "./model";

export interface SidebarSection {
  category: Channel | null;
  channels: Channel[];
}

const byPosition = (a: Channel, b: Channel) => a.position - b.position || (a.id.length - b.id.length || (a.id < b.id ? -1 : 1));

/**
 * A server's channels as the sidebar lists them: uncategorised channels first, then each category with its
 * channels; inside each, text channels before voice channels, each by position (Discord's order).
 */
export function sidebarTree(channels: Record<Snowflake, Channel>, serverId: Snowflake): SidebarSection[] {
  const mine = Object.values(channels).filter((channel) => channel.serverId === serverId);
  const categories = mine.filter((channel) => channel.type === "category").sort(byPosition);
  const categoryIds = new Set(categories.map((category) => category.id));
  const ordered = (list: Channel[]) =>
    list.sort((a, b) => Number(a.type === "voice") - Number(b.type === "voice") || byPosition(a, b));
  const leaves = mine.filter((channel) => channel.type !== "category");
  const sections: SidebarSection[] = [];
  const loose = leaves.filter((channel) => !channel.parentId || !categoryIds.has(channel.parentId));
  if (loose.length > 0) sections.push({ category: null, channels: ordered(loose) });
  for (const category of categories) {
    sections.push({ category, channels: ordered(leaves.filter((channel) => channel.parentId === category.id)) });
  }
  return sections;
}

/** The first text channel a server opens on. */
export function defaultChannel(channels: Record<Snowflake, Channel>, serverId: Snowflake): Channel | undefined {
  return sidebarTree(channels, serverId).flatMap((section) => section.channels).find((channel) => channel.type === "text");
}

export interface MemberGroup {
  key: string;
  title: string;
  members: Member[];
}

const offlineStatuses = new Set(["offline", "invisible", undefined]);

/** The member list: online members under their highest hoisted role (else "Online"), then "Offline". */
export function groupMembers(
  members: Member[],
  roles: Record<Snowflake, Role>,
  presences: Record<Snowflake, Presence>,
): MemberGroup[] {
  const hoisted = Object.values(roles).filter((role) => role.hoist).sort((a, b) => b.position - a.position);
  const groups = new Map<string, MemberGroup>();
  for (const role of hoisted) groups.set(role.id, { key: role.id, title: role.name, members: [] });
  groups.set("online", { key: "online", title: "Online", members: [] });
  groups.set("offline", { key: "offline", title: "Offline", members: [] });
  for (const member of members) {
    const online = !offlineStatuses.has(presences[member.user.id]?.status);
    const role = online ? hoisted.find((candidate) => member.roles.includes(candidate.id)) : undefined;
    groups.get(role ? role.id : online ? "online" : "offline")!.members.push(member);
  }
  const byName = (a: Member, b: Member) => displayName(a.user, a).localeCompare(displayName(b.user, b));
  return [...groups.values()].filter((group) => group.members.length > 0).map((group) => ({ ...group, members: group.members.sort(byName) }));
}

/** The colour of a member's name: their highest role that has one. */
export function memberColor(member: Member | undefined, roles: Record<Snowflake, Role>): string | undefined {
  if (!member) return undefined;
  const coloured = member.roles.map((id) => roles[id]).filter((role): role is Role => !!role && role.color !== 0);
  const top = coloured.sort((a, b) => b.position - a.position)[0];
  return top ? roleColor(top) : undefined;
}

/** A role's colour as CSS, or undefined for the default (0). */
export function roleColor(role: Role): string | undefined {
  return role.color ? `#${role.color.toString(16).padStart(6, "0")}` : undefined;
}

export type MessageRow =
  | { kind: "day"; key: string; date: Date }
  | { kind: "new"; key: string }
  | { kind: "message"; key: string; message: ClientMessage; head: boolean };

const groupWindowMs = 7 * 60 * 1000;

/**
 * Rows of the message list: a day separator where the local date changes, and each message marked as the head
 * of a group (avatar and name) unless the previous message is by the same author within 7 minutes. With
 * `readUpTo` (the last message read when the channel opened), a "new messages" divider goes before the first
 * confirmed message after it and starts a new group.
 */
export function messageRows(messages: ClientMessage[], readUpTo?: Snowflake | null): MessageRow[] {
  const rows: MessageRow[] = [];
  let previous: ClientMessage | undefined;
  let divided = readUpTo === undefined || readUpTo === null;
  for (const message of messages) {
    const at = new Date(message.createdAt);
    const previousAt = previous ? new Date(previous.createdAt) : undefined;
    const newDay = !previousAt || previousAt.toDateString() !== at.toDateString();
    if (newDay) rows.push({ kind: "day", key: `day-${at.toDateString()}`, date: at });
    const divides = !divided && message.state === undefined && compareIds(message.id, readUpTo!) > 0;
    if (divides) {
      divided = true;
      rows.push({ kind: "new", key: "new-messages" });
    }
    const head =
      newDay ||
      divides ||
      !previous ||
      previous.author.id !== message.author.id ||
      at.getTime() - previousAt!.getTime() > groupWindowMs ||
      !!message.replyTo;
    rows.push({ kind: "message", key: message.nonce && message.state ? message.nonce : message.id, message, head });
    previous = message;
  }
  return rows;
}

/** "Alice is typing…", "Alice and Bob are typing…", "Several people are typing…", or null. */
export function typingText(state: Pick<DataState, "typing" | "members">, channelId: Snowflake, serverId: Snowflake | null, now: number): string | null {
  const typing = Object.entries(state.typing[channelId] ?? {}).filter(([, until]) => until > now).map(([id]) => id);
  if (typing.length === 0) return null;
  if (typing.length > 3) return "Several people are typing…";
  const names = typing.map((id) => {
    const member = serverId ? state.members[serverId]?.[id] : undefined;
    return member ? displayName(member.user, member) : "Someone";
  });
  if (names.length === 1) return `${names[0]} is typing…`;
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} are typing…`;
}

/** Unread when the channel's newest message is newer than the last one read. */
export function isUnread(readState: ReadState | undefined): boolean {
  if (!readState?.lastMessageId) return false;
  return !readState.lastReadMessageId || compareIds(readState.lastMessageId, readState.lastReadMessageId) > 0;
}

/** Everyone the user may message: the members of their servers and the people of their DMs, by name. */
export function groupCandidates(
  members: Record<Snowflake, Record<Snowflake, { user: User }>>,
  privateRecipients: User[],
  meId: Snowflake | undefined,
): User[] {
  const byId = new Map<Snowflake, User>();
  for (const server of Object.values(members)) for (const member of Object.values(server)) byId.set(member.user.id, member.user);
  for (const user of privateRecipients) byId.set(user.id, user);
  if (meId) byId.delete(meId);
  return [...byId.values()].sort((a, b) => displayName(a).localeCompare(displayName(b)));
}

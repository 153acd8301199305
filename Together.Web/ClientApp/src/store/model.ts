import type {
  Channel, ChannelType, CurrentUser, Member, Message, NotificationSetting, PresenceStatus, ReadState, Role, Server, Snowflake,
} from "../api/types";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

/** A message as the client holds it: sent ones are "pending" until the server echoes their nonce. */
export interface ClientMessage extends Message {
  state?: "pending" | "failed";
}

export interface ChannelMessages {
  /** Oldest first. */
  ids: Snowflake[];
  byId: Record<Snowflake, ClientMessage>;
  /** Whether older history may exist on the server. */
  hasMore: boolean;
  loaded: boolean;
}

export interface Presence {
  status: PresenceStatus;
  customStatus?: string | null;
}

export interface DataState {
  me: CurrentUser | null;
  sessionId: string | null;
  connection: ConnectionState;
  servers: Record<Snowflake, Server>;
  /** The rail's order: the order servers were joined, unless the user reorders them. */
  serverOrder: Snowflake[];
  channels: Record<Snowflake, Channel>;
  roles: Record<Snowflake, Record<Snowflake, Role>>;
  members: Record<Snowflake, Record<Snowflake, Member>>;
  messages: Record<Snowflake, ChannelMessages>;
  /** channel → how far the user has read it, and its unread mentions. */
  readStates: Record<Snowflake, ReadState>;
  presences: Record<Snowflake, Presence>;
  /** Notification settings by `server:{id}` and `channel:{id}` (READY, NOTIFICATION_SETTINGS_UPDATE). */
  notificationSettings: Record<string, NotificationSetting>;
  /** channel → user → when their typing indicator lapses (epoch ms). */
  typing: Record<Snowflake, Record<Snowflake, number>>;
}

export const emptyData: DataState = {
  me: null,
  sessionId: null,
  connection: "connecting",
  servers: {},
  serverOrder: [],
  channels: {},
  roles: {},
  members: {},
  messages: {},
  readStates: {},
  presences: {},
  notificationSettings: {},
  typing: {},
};

const channelTypes: readonly ChannelType[] = ["text", "voice", "category", "dm", "group_dm"];

/** Accepts the type as the contract's name in any case, as "GroupDm", or as the enum's number. */
export function normalizeChannel(raw: Channel): Channel {
  const type = raw.type as unknown;
  let normalized: ChannelType = "text";
  if (typeof type === "number") normalized = channelTypes[type] ?? "text";
  else if (typeof type === "string") {
    const snake = type.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase() as ChannelType;
    normalized = channelTypes.includes(snake) ? snake : "text";
  }
  return { ...raw, type: normalized, position: raw.position ?? 0 };
}

/** A DM's participants in the shape of server members, so mentions and names work the same in both. */
export function recipientsAsMembers(channel: Channel | undefined): Record<Snowflake, Member> {
  return Object.fromEntries((channel?.recipients ?? []).map((user) => [user.id, { user, roles: [] }]));
}

/** What a DM or group DM is called: its name, else the other participants' names. */
export function privateChannelName(channel: Channel, meId: Snowflake | undefined): string {
  if (channel.name) return channel.name;
  const others = (channel.recipients ?? []).filter((user) => user.id !== meId);
  return others.map((user) => displayName(user)).join(", ") || "Just you";
}

export function isPrivate(channel: Channel | undefined): boolean {
  return channel?.type === "dm" || channel?.type === "group_dm";
}

export function notificationKey(setting: Pick<NotificationSetting, "serverId" | "channelId">): string {
  return setting.channelId ? `channel:${setting.channelId}` : `server:${setting.serverId}`;
}

export function displayName(user: { username: string; displayName?: string | null }, member?: Member): string {
  return member?.nickname || user.displayName || user.username;
}

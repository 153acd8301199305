// The shapes of DESIGN §4–§5 and docs/api.md. Ids are snowflakes sent as decimal strings.
export type Snowflake = string;

export interface User {
  id: Snowflake;
  username: string;
  displayName: string | null;
  createdAt: string;
}

export interface CurrentUser extends User {
  email: string | null;
  isAdmin: boolean;
}

export interface AuthResponse {
  user: CurrentUser;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface SessionInfo {
  id: Snowflake;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  ipAddress: string | null;
  current: boolean;
}

export interface InstanceInfo {
  name: string;
  hasUsers: boolean;
}

export interface Server {
  id: Snowflake;
  name: string;
  description?: string | null;
  /** The icon's content hash, served at /api/icons/{icon}. */
  icon?: string | null;
  ownerId: Snowflake;
  createdAt?: string;
}

export type ChannelType = "text" | "voice" | "category" | "dm" | "group_dm";

export interface Channel {
  id: Snowflake;
  serverId: Snowflake | null;
  type: ChannelType;
  name: string | null;
  topic?: string | null;
  position: number;
  parentId?: Snowflake | null;
  permissionsSynced?: boolean;
  permissionOverwrites?: PermissionOverwrite[];
  /** DMs and group DMs: every participant, the caller included. */
  recipients?: User[];
  ownerId?: Snowflake | null;
  lastMessageId?: Snowflake | null;
}

/** allow and deny are permission bits as decimal strings. */
export interface PermissionOverwrite {
  id: Snowflake;
  type: "role" | "member";
  allow: string;
  deny: string;
}

/** READY, SERVER_CREATE, POST /servers and joining answer it flat, as Discord's GUILD_CREATE. */
export interface ServerState extends Server {
  channels: Channel[];
  roles: Role[];
  members: Member[];
}

export interface ReadState {
  channelId: Snowflake;
  lastReadMessageId: Snowflake | null;
  mentionCount: number;
  lastMessageId: Snowflake | null;
  unread: boolean;
}

export interface Role {
  id: Snowflake;
  serverId?: Snowflake;
  name: string;
  color: number;
  hoist: boolean;
  mentionable?: boolean;
  permissions?: string;
  position: number;
}

export interface Member {
  serverId?: Snowflake;
  user: User;
  nickname?: string | null;
  roles: Snowflake[];
  joinedAt?: string;
  timeoutUntil?: string | null;
}

export type NotificationLevel = "all" | "mentions" | "nothing" | "default";

/** A server's setting (channelId null) or a channel's (serverId null for a DM). */
export interface NotificationSetting {
  serverId: Snowflake | null;
  channelId: Snowflake | null;
  level: NotificationLevel;
  mutedUntil: string | null;
}

export interface SearchResults {
  totalResults: number;
  results: { message: Message; highlights: { start: number; length: number }[] }[];
}

export interface Ban {
  user: User;
  reason: string | null;
  moderatorId: Snowflake;
  createdAt: string;
}

export interface AuditLogEntry {
  id: Snowflake;
  actorId: Snowflake;
  action: string;
  targetId: Snowflake | null;
  changes: { key: string; old: unknown; new: unknown }[];
  reason: string | null;
  createdAt: string;
}

export interface Invite {
  code: string;
  server?: Pick<Server, "id" | "name" | "description" | "icon"> & { memberCount?: number; onlineCount?: number };
  serverId?: Snowflake;
  channel?: Pick<Channel, "id" | "name" | "type">;
  channelId?: Snowflake;
  expiresAt?: string | null;
  maxUses?: number;
  uses?: number;
  inviter?: User | null;
  inviterId?: Snowflake | null;
  createdAt?: string;
}

export interface Attachment {
  id: Snowflake;
  filename: string;
  size: number;
  contentType?: string | null;
  url: string;
  width?: number | null;
  height?: number | null;
}

export interface Reaction {
  emoji: string;
  count: number;
  me: boolean;
}

/** The replied-to message's first 100 characters; author and content are null once it was deleted. */
export interface MessageReference {
  id: Snowflake;
  author: User | null;
  content: string | null;
}

export interface Message {
  id: Snowflake;
  channelId: Snowflake;
  author: User;
  content: string;
  createdAt: string;
  editedAt?: string | null;
  nonce?: string | null;
  pinned?: boolean;
  replyTo?: MessageReference | null;
  attachments?: Attachment[];
  reactions?: Reaction[];
  /** The ids of the users the server found mentioned. */
  mentions?: Snowflake[];
  mentionRoles?: Snowflake[];
  mentionEveryone?: boolean;
}

export type PresenceStatus = "online" | "idle" | "dnd" | "invisible" | "offline";

export interface GatewayEnvelope {
  t: string;
  s: number;
  d: unknown;
}

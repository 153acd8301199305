import { request } from "./http";
import type {
  AuditLogEntry, AuthResponse, Ban, Block, Channel, ChannelType, CurrentUser, InstanceInfo, Invite, Member, Message, NotificationLevel, NotificationSetting,
  ReadState, Role, SearchResults, Server, ServerState, SessionInfo, Snowflake,
} from "./types";

export interface RoleBody {
  name?: string;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  permissions?: string;
}

// One function per route of DESIGN §4, named after what it does.
export const api = {
  instance: () => request<InstanceInfo>("GET", "/api/instance", undefined, { auth: false }),

  register: (body: { username: string; password: string; email?: string; displayName?: string }) =>
    request<AuthResponse>("POST", "/api/auth/register", body, { auth: false }),
  login: (body: { login: string; password: string }) => request<AuthResponse>("POST", "/api/auth/login", body, { auth: false }),
  logout: () => request<void>("POST", "/api/auth/logout"),
  sessions: () => request<SessionInfo[]>("GET", "/api/auth/sessions"),
  revokeSession: (id: Snowflake) => request<void>("DELETE", `/api/auth/sessions/${id}`),
  revokeAllSessions: () => request<void>("DELETE", "/api/auth/sessions"),
  blocks: () => request<Block[]>("GET", "/api/users/@me/blocks"),
  block: (userId: Snowflake) => request<void>("PUT", `/api/users/@me/blocks/${userId}`),
  unblock: (userId: Snowflake) => request<void>("DELETE", `/api/users/@me/blocks/${userId}`),

  me: () => request<CurrentUser>("GET", "/api/users/@me"),
  updateMe: (body: { username?: string; displayName?: string; email?: string; currentPassword?: string; newPassword?: string }) =>
    request<CurrentUser>("PATCH", "/api/users/@me", body),

  servers: () => request<Server[]>("GET", "/api/servers"),
  privateChannels: () => request<Channel[]>("GET", "/api/users/@me/channels"),
  // One id opens (or finds) the DM with that user; several make a group DM.
  openPrivateChannel: (recipientIds: Snowflake[], name?: string) =>
    request<Channel>("POST", "/api/users/@me/channels", name ? { recipientIds, name } : { recipientIds }),
  createServer: (name: string) => request<ServerState>("POST", "/api/servers", { name }),
  leaveServer: (serverId: Snowflake) => request<void>("DELETE", `/api/servers/${serverId}/members/@me`),
  channels: (serverId: Snowflake) => request<Channel[]>("GET", `/api/servers/${serverId}/channels`),
  createChannel: (serverId: Snowflake, body: { name: string; type: ChannelType; parentId?: Snowflake | null; topic?: string }) =>
    request<Channel>("POST", `/api/servers/${serverId}/channels`, body),
  roles: (serverId: Snowflake) => request<Role[]>("GET", `/api/servers/${serverId}/roles`),
  members: (serverId: Snowflake) => request<Member[]>("GET", `/api/servers/${serverId}/members?limit=1000`),

  updateServer: (serverId: Snowflake, body: { name?: string; description?: string }) => request<Server>("PATCH", `/api/servers/${serverId}`, body),
  // The icon goes as the raw body; the server tells the type from its first bytes.
  setServerIcon: (serverId: Snowflake, file: Blob) => request<Server>("PUT", `/api/servers/${serverId}/icon`, file),
  removeServerIcon: (serverId: Snowflake) => request<Server>("DELETE", `/api/servers/${serverId}/icon`),
  deleteServer: (serverId: Snowflake) => request<void>("DELETE", `/api/servers/${serverId}`),
  updateChannel: (channelId: Snowflake, body: { name?: string; topic?: string; parentId?: string }) =>
    request<Channel>("PATCH", `/api/channels/${channelId}`, body),
  reorderChannels: (serverId: Snowflake, body: { id: Snowflake; position: number; parentId?: string }[]) =>
    request<Channel[]>("PATCH", `/api/servers/${serverId}/channels`, body),
  deleteChannel: (channelId: Snowflake) => request<void>("DELETE", `/api/channels/${channelId}`),
  setOverwrite: (channelId: Snowflake, targetId: Snowflake, body: { type: "role" | "member"; allow: string; deny: string }) =>
    request<Channel>("PUT", `/api/channels/${channelId}/permissions/${targetId}`, body),
  deleteOverwrite: (channelId: Snowflake, targetId: Snowflake) => request<void>("DELETE", `/api/channels/${channelId}/permissions/${targetId}`),
  createRole: (serverId: Snowflake, body: RoleBody) => request<Role>("POST", `/api/servers/${serverId}/roles`, body),
  updateRole: (serverId: Snowflake, roleId: Snowflake, body: RoleBody) => request<Role>("PATCH", `/api/servers/${serverId}/roles/${roleId}`, body),
  reorderRoles: (serverId: Snowflake, body: { id: Snowflake; position: number }[]) => request<Role[]>("PATCH", `/api/servers/${serverId}/roles`, body),
  deleteRole: (serverId: Snowflake, roleId: Snowflake) => request<void>("DELETE", `/api/servers/${serverId}/roles/${roleId}`),

  kick: (serverId: Snowflake, userId: Snowflake) => request<void>("DELETE", `/api/servers/${serverId}/members/${userId}`),
  ban: (serverId: Snowflake, userId: Snowflake, body: { reason?: string; deleteMessageSeconds?: number }) =>
    request<void>("PUT", `/api/servers/${serverId}/bans/${userId}`, body),
  unban: (serverId: Snowflake, userId: Snowflake) => request<void>("DELETE", `/api/servers/${serverId}/bans/${userId}`),
  bans: (serverId: Snowflake) => request<Ban[]>("GET", `/api/servers/${serverId}/bans?limit=1000`),
  updateMember: (serverId: Snowflake, userId: Snowflake, body: { nickname?: string | null; timeoutUntil?: string | null }) =>
    request<Member>("PATCH", `/api/servers/${serverId}/members/${userId}`, body),
  addMemberRole: (serverId: Snowflake, userId: Snowflake, roleId: Snowflake) =>
    request<Member>("PUT", `/api/servers/${serverId}/members/${userId}/roles/${roleId}`),
  removeMemberRole: (serverId: Snowflake, userId: Snowflake, roleId: Snowflake) =>
    request<Member>("DELETE", `/api/servers/${serverId}/members/${userId}/roles/${roleId}`),
  setServerNotifications: (serverId: Snowflake, body: { level?: NotificationLevel; mutedUntil?: string }) =>
    request<NotificationSetting>("PATCH", `/api/users/@me/notification-settings/servers/${serverId}`, body),
  search: (serverId: Snowflake, query: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
    return request<SearchResults>("GET", `/api/servers/${serverId}/messages/search?${params}`);
  },
  serverInvites: (serverId: Snowflake) => request<Invite[]>("GET", `/api/servers/${serverId}/invites`),
  revokeInvite: (code: string) => request<void>("DELETE", `/api/invites/${encodeURIComponent(code)}`),
  auditLog: (serverId: Snowflake, query: { before?: Snowflake; action?: string; limit?: number } = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, String(value));
    return request<AuditLogEntry[]>("GET", `/api/servers/${serverId}/audit-log${params.size > 0 ? `?${params}` : ""}`);
  },

  createInvite: (channelId: Snowflake, body: { maxAge?: number; maxUses?: number } = {}) =>
    request<Invite>("POST", `/api/channels/${channelId}/invites`, body),
  // The preview is anonymous, so the join page shows where a link leads before sign-in.
  invite: (code: string) => request<Invite>("GET", `/api/invites/${encodeURIComponent(code)}`, undefined, { auth: false }),
  joinInvite: (code: string) => request<ServerState>("POST", `/api/invites/${encodeURIComponent(code)}`),

  messages: (channelId: Snowflake, query: { before?: Snowflake; after?: Snowflake; limit?: number } = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const suffix = params.size > 0 ? `?${params}` : "";
    return request<Message[]>("GET", `/api/channels/${channelId}/messages${suffix}`);
  },
  sendMessage: (channelId: Snowflake, body: { content: string; nonce: string; replyTo?: Snowflake; attachmentIds?: Snowflake[] }) =>
    request<Message>("POST", `/api/channels/${channelId}/messages`, body),
  editMessage: (channelId: Snowflake, messageId: Snowflake, content: string) =>
    request<Message>("PATCH", `/api/channels/${channelId}/messages/${messageId}`, { content }),
  deleteMessage: (channelId: Snowflake, messageId: Snowflake) => request<void>("DELETE", `/api/channels/${channelId}/messages/${messageId}`),
  // The emoji travels URL-encoded in the path, as on Discord.
  react: (channelId: Snowflake, messageId: Snowflake, emoji: string) =>
    request<void>("PUT", `/api/channels/${channelId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}/@me`),
  unreact: (channelId: Snowflake, messageId: Snowflake, emoji: string) =>
    request<void>("DELETE", `/api/channels/${channelId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}/@me`),
  pins: (channelId: Snowflake) => request<Message[]>("GET", `/api/channels/${channelId}/pins`),
  pin: (channelId: Snowflake, messageId: Snowflake) => request<void>("PUT", `/api/channels/${channelId}/pins/${messageId}`),
  unpin: (channelId: Snowflake, messageId: Snowflake) => request<void>("DELETE", `/api/channels/${channelId}/pins/${messageId}`),
  ack: (channelId: Snowflake, messageId: Snowflake) => request<ReadState>("POST", `/api/channels/${channelId}/ack/${messageId}`),
  readStates: () => request<ReadState[]>("GET", "/api/users/@me/read-states"),
};

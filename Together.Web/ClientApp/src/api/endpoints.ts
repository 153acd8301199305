import { request } from "./http";
import type {
  AuthResponse, Channel, ChannelType, CurrentUser, InstanceInfo, Invite, Member, Message, ReadState, Role, Server, ServerState, SessionInfo, Snowflake,
} from "./types";

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

  me: () => request<CurrentUser>("GET", "/api/users/@me"),
  updateMe: (body: { username?: string; displayName?: string; email?: string; currentPassword?: string; newPassword?: string }) =>
    request<CurrentUser>("PATCH", "/api/users/@me", body),

  servers: () => request<Server[]>("GET", "/api/servers"),
  createServer: (name: string) => request<ServerState>("POST", "/api/servers", { name }),
  leaveServer: (serverId: Snowflake) => request<void>("DELETE", `/api/servers/${serverId}/members/@me`),
  channels: (serverId: Snowflake) => request<Channel[]>("GET", `/api/servers/${serverId}/channels`),
  createChannel: (serverId: Snowflake, body: { name: string; type: ChannelType; parentId?: Snowflake | null; topic?: string }) =>
    request<Channel>("POST", `/api/servers/${serverId}/channels`, body),
  roles: (serverId: Snowflake) => request<Role[]>("GET", `/api/servers/${serverId}/roles`),
  members: (serverId: Snowflake) => request<Member[]>("GET", `/api/servers/${serverId}/members`),

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
  sendMessage: (channelId: Snowflake, body: { content: string; nonce: string; replyTo?: Snowflake }) =>
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

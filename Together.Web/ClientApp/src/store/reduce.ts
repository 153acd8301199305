import type { Channel, CurrentUser, GatewayEnvelope, Member, Message, NotificationSetting, ReadState, Role, Server, Snowflake } from "../api/types";
import { type ChannelMessages, type ClientMessage, type DataState, emptyData, normalizeChannel, notificationKey } from "./model";

// Pure state transitions: the store applies them, the tests call them directly.

const typingLifetimeMs = 10_000;

function without<T>(record: Record<Snowflake, T>, key: Snowflake): Record<Snowflake, T> {
  if (!(key in record)) return record;
  const { [key]: _removed, ...rest } = record;
  return rest;
}

export function withServer(state: DataState, server: Server & { channels?: Channel[]; roles?: Role[]; members?: Member[] }): DataState {
  const { channels, roles, members, ...plain } = server;
  let next: DataState = {
    ...state,
    servers: { ...state.servers, [plain.id]: { ...state.servers[plain.id], ...plain } },
    serverOrder: state.serverOrder.includes(plain.id) ? state.serverOrder : [...state.serverOrder, plain.id],
  };
  if (channels) next = withChannels(next, plain.id, channels);
  if (roles) next = withRoles(next, plain.id, roles);
  // A server's state lists only the recipient's own membership: merge it into the members already known.
  if (members) next = { ...next, members: { ...next.members, [plain.id]: { ...next.members[plain.id], ...withMembers(next, plain.id, members).members[plain.id] } } };
  return next;
}

export function withServers(state: DataState, servers: Server[]): DataState {
  const kept = new Set(servers.map((server) => server.id));
  let next: DataState = { ...state, servers: {}, serverOrder: [], members: Object.fromEntries(Object.entries(state.members).filter(([id]) => kept.has(id))) };
  for (const server of servers) next = withServer(next, server);
  return next;
}

export function withoutServer(state: DataState, serverId: Snowflake): DataState {
  const channels = Object.fromEntries(Object.entries(state.channels).filter(([, channel]) => channel.serverId !== serverId));
  return {
    ...state,
    servers: without(state.servers, serverId),
    serverOrder: state.serverOrder.filter((id) => id !== serverId),
    channels,
    roles: without(state.roles, serverId),
    members: without(state.members, serverId),
  };
}

/** Replaces a server's channels with the list the server sent. */
export function withChannels(state: DataState, serverId: Snowflake, channels: Channel[]): DataState {
  const kept = Object.fromEntries(Object.entries(state.channels).filter(([, channel]) => channel.serverId !== serverId));
  for (const raw of channels) kept[raw.id] = normalizeChannel({ ...raw, serverId: raw.serverId ?? serverId });
  return { ...state, channels: kept };
}

export function withChannel(state: DataState, channel: Channel): DataState {
  const merged = normalizeChannel({ ...state.channels[channel.id], ...channel } as Channel);
  return { ...state, channels: { ...state.channels, [channel.id]: merged } };
}

/** Replaces the DMs and group DMs with the list the server sent (READY, GET /users/@me/channels). */
export function withPrivateChannels(state: DataState, channels: Channel[]): DataState {
  const kept = Object.fromEntries(Object.entries(state.channels).filter(([, channel]) => channel.serverId));
  for (const raw of channels) kept[raw.id] = normalizeChannel({ ...raw, serverId: null });
  return { ...state, channels: kept };
}

export function withRoles(state: DataState, serverId: Snowflake, roles: Role[]): DataState {
  return { ...state, roles: { ...state.roles, [serverId]: Object.fromEntries(roles.map((role) => [role.id, role])) } };
}

export function withMembers(state: DataState, serverId: Snowflake, members: Member[]): DataState {
  const byUser = Object.fromEntries(members.map((member) => [member.user.id, { ...member, roles: member.roles ?? [] }]));
  return { ...state, members: { ...state.members, [serverId]: byUser } };
}

function emptyMessages(): ChannelMessages {
  return { ids: [], byId: {}, hasMore: true, loaded: false };
}

export function compareIds(a: Snowflake, b: Snowflake): number {
  // Snowflakes sort by creation time; compare as big integers (they exceed 2^53).
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Adds messages from a page of history or a live event. A message carrying the nonce of one sent from here
 * replaces the pending copy, wherever the pending copy sits.
 */
export function withMessages(
  state: DataState,
  channelId: Snowflake,
  messages: Message[],
  page?: { older: boolean; limit: number },
): DataState {
  const current = state.messages[channelId] ?? emptyMessages();
  const byId = { ...current.byId };
  let ids = current.ids;
  for (const message of messages) {
    if (message.nonce) {
      const pending = ids.find((id) => byId[id]?.nonce === message.nonce && byId[id]?.state !== undefined);
      if (pending) {
        delete byId[pending];
        ids = ids.filter((id) => id !== pending);
      }
    }
    if (!(message.id in byId)) ids = [...ids, message.id];
    byId[message.id] = { ...byId[message.id], ...message, state: undefined };
  }
  const confirmed = ids.filter((id) => byId[id]?.state === undefined).sort(compareIds);
  const local = ids.filter((id) => byId[id]?.state !== undefined);
  const next: ChannelMessages = {
    ids: [...confirmed, ...local],
    byId,
    hasMore: page?.older ? messages.length >= page.limit : current.hasMore,
    loaded: current.loaded || page !== undefined,
  };
  return { ...state, messages: { ...state.messages, [channelId]: next } };
}

/** Shows a message the user just sent, before the server has it; its id is its nonce until then. */
export function withPendingMessage(state: DataState, message: ClientMessage): DataState {
  const current = state.messages[message.channelId] ?? emptyMessages();
  const pending: ClientMessage = { ...message, id: message.nonce ?? message.id, state: "pending" };
  return {
    ...state,
    messages: {
      ...state.messages,
      [message.channelId]: {
        ...current,
        ids: current.ids.includes(pending.id) ? current.ids : [...current.ids, pending.id],
        byId: { ...current.byId, [pending.id]: pending },
      },
    },
  };
}

export function withMessageState(state: DataState, channelId: Snowflake, nonce: string, messageState: "pending" | "failed"): DataState {
  const current = state.messages[channelId];
  const message = current?.byId[nonce];
  if (!current || !message || message.state === undefined) return state;
  return {
    ...state,
    messages: { ...state.messages, [channelId]: { ...current, byId: { ...current.byId, [nonce]: { ...message, state: messageState } } } },
  };
}

export function withoutMessage(state: DataState, channelId: Snowflake, messageId: Snowflake): DataState {
  const current = state.messages[channelId];
  if (!current?.byId[messageId]) return state;
  return {
    ...state,
    messages: {
      ...state.messages,
      [channelId]: { ...current, ids: current.ids.filter((id) => id !== messageId), byId: without(current.byId, messageId) },
    },
  };
}

function withMessagePatch(state: DataState, channelId: Snowflake, messageId: Snowflake, patch: (message: ClientMessage) => ClientMessage): DataState {
  const current = state.messages[channelId];
  const message = current?.byId[messageId];
  if (!current || !message) return state;
  return {
    ...state,
    messages: { ...state.messages, [channelId]: { ...current, byId: { ...current.byId, [messageId]: patch(message) } } },
  };
}

function withReaction(state: DataState, d: ReactionEvent, delta: 1 | -1): DataState {
  const mine = d.userId === state.me?.id;
  return withMessagePatch(state, d.channelId, d.messageId, (message) => {
    const reactions = [...(message.reactions ?? [])];
    const index = reactions.findIndex((reaction) => reaction.emoji === d.emoji);
    const existing = index >= 0 ? reactions[index]! : { emoji: d.emoji, count: 0, me: false };
    const updated = { ...existing, count: existing.count + delta, me: mine ? delta > 0 : existing.me };
    if (index >= 0) reactions.splice(index, 1, updated);
    else reactions.push(updated);
    return { ...message, reactions: reactions.filter((reaction) => reaction.count > 0) };
  });
}

interface ReactionEvent {
  channelId: Snowflake;
  messageId: Snowflake;
  userId: Snowflake;
  emoji: string;
}

export function withTyping(state: DataState, channelId: Snowflake, userId: Snowflake, until: number | null): DataState {
  const channel = state.typing[channelId] ?? {};
  const updated = until === null ? without(channel, userId) : { ...channel, [userId]: until };
  return { ...state, typing: { ...state.typing, [channelId]: updated } };
}

type Payload = Record<string, unknown>;

export function withReadStates(state: DataState, readStates: ReadState[]): DataState {
  return { ...state, readStates: Object.fromEntries(readStates.map((readState) => [readState.channelId, readState])) };
}

/** A new message makes its channel unread (one's own counts as read) and counts a mention of the user. */
function withNewMessage(state: DataState, message: Message): DataState {
  const current = state.readStates[message.channelId] ?? { channelId: message.channelId, lastReadMessageId: null, mentionCount: 0, lastMessageId: null, unread: false };
  if (current.lastMessageId && compareIds(current.lastMessageId, message.id) >= 0) return state;
  const own = message.author.id === state.me?.id;
  const mentioned = !own && (message.mentionEveryone || (message.mentions ?? []).includes(state.me?.id ?? ""));
  const next: ReadState = {
    ...current,
    lastMessageId: message.id,
    lastReadMessageId: own ? message.id : current.lastReadMessageId,
    mentionCount: current.mentionCount + (mentioned ? 1 : 0),
    unread: !own,
  };
  return { ...state, readStates: { ...state.readStates, [message.channelId]: next } };
}

/** Applies one gateway event (DESIGN §5). Unknown types leave the state as it was. */
export function applyEvent(state: DataState, envelope: GatewayEnvelope, now: number = Date.now()): DataState {
  const d = (envelope.d ?? {}) as Payload;
  switch (envelope.t) {
    case "READY": {
      const ready = d as { user: CurrentUser; sessionId: string; servers?: Server[]; privateChannels?: Channel[]; notificationSettings?: NotificationSetting[] };
      let next: DataState = { ...state, me: ready.user, sessionId: ready.sessionId, connection: "connected" };
      if (ready.notificationSettings) next = { ...next, notificationSettings: Object.fromEntries(ready.notificationSettings.map((s) => [notificationKey(s), s])) };
      if (ready.servers) next = withServers(next, ready.servers);
      return ready.privateChannels ? withPrivateChannels(next, ready.privateChannels) : next;
    }
    case "USER_UPDATE":
      return { ...state, me: d as unknown as CurrentUser };
    case "SERVER_CREATE":
    case "SERVER_UPDATE":
      return withServer(state, d as unknown as Server);
    case "SERVER_DELETE":
      return withoutServer(state, (d.id ?? d.serverId) as Snowflake);
    case "CHANNEL_CREATE":
    case "CHANNEL_UPDATE":
      return withChannel(state, d as unknown as Channel);
    case "CHANNEL_DELETE": {
      const id = d.id as Snowflake;
      return { ...state, channels: without(state.channels, id), messages: without(state.messages, id) };
    }
    case "ROLE_CREATE":
    case "ROLE_UPDATE": {
      const role = (d.role ?? d) as Role;
      const serverId = (d.serverId ?? role.serverId) as Snowflake;
      return { ...state, roles: { ...state.roles, [serverId]: { ...state.roles[serverId], [role.id]: role } } };
    }
    case "ROLE_DELETE": {
      const serverId = d.serverId as Snowflake;
      const roleId = (d.roleId ?? d.id) as Snowflake;
      const members = Object.fromEntries(
        Object.entries(state.members[serverId] ?? {}).map(([id, member]) => [id, { ...member, roles: member.roles.filter((r) => r !== roleId) }]),
      );
      return { ...state, roles: { ...state.roles, [serverId]: without(state.roles[serverId] ?? {}, roleId) }, members: { ...state.members, [serverId]: members } };
    }
    case "MEMBER_ADD":
    case "MEMBER_UPDATE": {
      const member = d as unknown as Member;
      const serverId = member.serverId!;
      const merged = { ...state.members[serverId]?.[member.user.id], ...member, roles: member.roles ?? [] };
      return { ...state, members: { ...state.members, [serverId]: { ...state.members[serverId], [member.user.id]: merged } } };
    }
    case "MEMBER_REMOVE": {
      const serverId = d.serverId as Snowflake;
      const userId = ((d.user as { id?: Snowflake } | undefined)?.id ?? d.userId) as Snowflake;
      if (userId === state.me?.id) return withoutServer(state, serverId);
      return { ...state, members: { ...state.members, [serverId]: without(state.members[serverId] ?? {}, userId) } };
    }
    case "MESSAGE_CREATE": {
      const message = d as unknown as Message;
      // A DM list sorts by its newest message.
      const dm = state.channels[message.channelId];
      const sorted = dm && !dm.serverId ? withChannel(state, { ...dm, lastMessageId: message.id }) : state;
      const typingCleared = withTyping(sorted, message.channelId, message.author.id, null);
      return withNewMessage(withMessages(typingCleared, message.channelId, [message]), message);
    }
    case "MESSAGE_UPDATE": {
      // MESSAGE_UPDATE's reactions say me: false to everyone; ours come from the reaction events.
      const patch = d as unknown as Partial<Message> & { id: Snowflake; channelId: Snowflake };
      return withMessagePatch(state, patch.channelId, patch.id, (message) => {
        const mine = new Set((message.reactions ?? []).filter((reaction) => reaction.me).map((reaction) => reaction.emoji));
        const reactions = patch.reactions?.map((reaction) => ({ ...reaction, me: mine.has(reaction.emoji) })) ?? message.reactions;
        return { ...message, ...patch, reactions };
      });
    }
    case "NOTIFICATION_SETTINGS_UPDATE": {
      const setting = d as unknown as NotificationSetting;
      return { ...state, notificationSettings: { ...state.notificationSettings, [notificationKey(setting)]: setting } };
    }
    case "READ_STATE_UPDATE": {
      const readState = d as unknown as ReadState;
      return { ...state, readStates: { ...state.readStates, [readState.channelId]: readState } };
    }
    case "MESSAGE_DELETE":
      return withoutMessage(state, d.channelId as Snowflake, d.id as Snowflake);
    case "MESSAGE_DELETE_BULK": {
      let next = state;
      for (const id of (d.ids as Snowflake[] | undefined) ?? []) next = withoutMessage(next, d.channelId as Snowflake, id);
      return next;
    }
    case "MESSAGE_REACTION_ADD":
      return withReaction(state, d as unknown as ReactionEvent, 1);
    case "MESSAGE_REACTION_REMOVE":
      return withReaction(state, d as unknown as ReactionEvent, -1);
    case "TYPING_START": {
      if (d.userId === state.me?.id) return state;
      return withTyping(state, d.channelId as Snowflake, d.userId as Snowflake, now + typingLifetimeMs);
    }
    case "PRESENCE_UPDATE": {
      const userId = ((d.user as { id?: Snowflake } | undefined)?.id ?? d.userId) as Snowflake;
      const presence = { status: d.status as DataState["presences"][string]["status"], customStatus: d.customStatus as string | null };
      return { ...state, presences: { ...state.presences, [userId]: presence } };
    }
    default:
      return state;
  }
}

export { emptyData };

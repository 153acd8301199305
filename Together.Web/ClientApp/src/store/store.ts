import { create } from "zustand";
import { api } from "../api/endpoints";
import type { Attachment, CurrentUser, GatewayEnvelope, Message, Snowflake } from "../api/types";
import { type ConnectionState, type DataState, emptyData } from "./model";
import {
  applyEvent, withChannel, withChannels, withMembers, withMessageState, withMessages, withoutMessage, withPendingMessage,
  withNewestPage, withPrivateChannels, withReadStates, withRoles, withServer, withServers,
} from "./reduce";

export const messagePageSize = 50;

export interface Store extends DataState {
  apply(envelope: GatewayEnvelope): void;
  setConnection(connection: ConnectionState): void;
  setMe(user: CurrentUser): void;
  reset(): void;
  loadServers(): Promise<void>;
  loadPrivateChannels(): Promise<void>;
  /** Opens the DM with these users (one: the same DM every time; several: a new group DM); returns its id. */
  openPrivateChannel(recipientIds: Snowflake[], name?: string): Promise<Snowflake>;
  loadReadStates(): Promise<void>;
  /** Marks the channel read up to this message (when the user has seen it). */
  ack(channelId: Snowflake, messageId: Snowflake): Promise<void>;
  loadServer(serverId: Snowflake): Promise<void>;
  createServer(name: string): Promise<Snowflake>;
  createChannel(serverId: Snowflake, name: string, type: "text" | "voice" | "category", parentId?: Snowflake | null): Promise<Snowflake>;
  joinInvite(code: string): Promise<Snowflake>;
  loadMessages(channelId: Snowflake, older?: boolean): Promise<void>;
  /** After events were lost (a fresh READY after a drop): reloads the members and messages held. */
  reloadAfterGap(): Promise<void>;
  sendMessage(channelId: Snowflake, content: string, replyTo?: Message, attachments?: Attachment[]): Promise<void>;
  editMessage(channelId: Snowflake, messageId: Snowflake, content: string): Promise<void>;
  deleteMessage(channelId: Snowflake, messageId: Snowflake): Promise<void>;
  toggleReaction(channelId: Snowflake, messageId: Snowflake, emoji: string): Promise<void>;
  setPinned(channelId: Snowflake, messageId: Snowflake, pinned: boolean): Promise<void>;
  /** The message being replied to, per channel; the composer shows it and sends its id. */
  replying: Record<Snowflake, Message | undefined>;
  setReplying(channelId: Snowflake, message: Message | undefined): void;
  /** The message being edited in place, per channel. */
  editing: Record<Snowflake, Snowflake | undefined>;
  setEditing(channelId: Snowflake, messageId: Snowflake | undefined): void;
  retryMessage(channelId: Snowflake, nonce: string): Promise<void>;
  discardMessage(channelId: Snowflake, nonce: string): void;
}

/** A nonce the server echoes back on MESSAGE_CREATE, so the pending copy can be matched (digits, ≤ 25 chars). */
export function newNonce(): string {
  return `${Date.now()}${Math.floor(Math.random() * 1_000_000).toString().padStart(6, "0")}`;
}

export const useStore = create<Store>()((set, get) => ({
  ...emptyData,

  apply: (envelope) => set((state) => applyEvent(state, envelope)),
  setConnection: (connection) => set({ connection }),
  setMe: (me) => set({ me }),
  reset: () => set({ ...emptyData, replying: {}, editing: {} }),

  loadServers: async () => {
    const servers = await api.servers();
    set((state) => withServers(state, servers));
  },

  loadPrivateChannels: async () => {
    const channels = await api.privateChannels();
    set((state) => withPrivateChannels(state, channels));
  },

  openPrivateChannel: async (recipientIds, name) => {
    const channel = await api.openPrivateChannel(recipientIds, name);
    set((state) => withChannel(state, { ...channel, serverId: null }));
    return channel.id;
  },

  loadReadStates: async () => {
    const readStates = await api.readStates();
    set((state) => withReadStates(state, readStates));
  },

  ack: async (channelId, messageId) => {
    const readState = await api.ack(channelId, messageId);
    set((state) => ({ readStates: { ...state.readStates, [channelId]: readState } }));
  },

  loadServer: async (serverId) => {
    // Each list stands alone: a server whose roles failed to load still shows its channels.
    const [channels, roles, members] = await Promise.allSettled([api.channels(serverId), api.roles(serverId), api.members(serverId)]);
    set((state) => {
      let next: DataState = state;
      if (channels.status === "fulfilled") next = withChannels(next, serverId, channels.value);
      if (roles.status === "fulfilled") next = withRoles(next, serverId, roles.value);
      if (members.status === "fulfilled") next = withMembers(next, serverId, members.value);
      return next;
    });
    if (channels.status === "rejected") throw channels.reason;
  },

  createServer: async (name) => {
    const server = await api.createServer(name);
    set((state) => withServer(state, server));
    await get().loadServer(server.id);
    return server.id;
  },

  createChannel: async (serverId, name, type, parentId) => {
    const channel = await api.createChannel(serverId, { name, type, parentId: parentId ?? undefined });
    set((state) => withChannel(state, { ...channel, serverId: channel.serverId ?? serverId }));
    return channel.id;
  },

  joinInvite: async (code) => {
    const server = await api.joinInvite(code);
    set((state) => withServer(state, server));
    await get().loadServer(server.id);
    return server.id;
  },

  loadMessages: async (channelId, older = false) => {
    const current = get().messages[channelId];
    const oldest = older ? current?.ids.find((id) => current.byId[id]?.state === undefined) : undefined;
    const page = await api.messages(channelId, { before: oldest, limit: messagePageSize });
    set((state) => withMessages(state, channelId, page, { older: older || !current?.loaded, limit: messagePageSize }));
  },

  reloadAfterGap: async () => {
    const { members, messages } = get();
    const channels = Object.keys(messages).filter((id) => messages[id]?.loaded);
    await Promise.allSettled([
      ...Object.keys(members).map((serverId) => get().loadServer(serverId)),
      ...channels.map(async (channelId) => {
        const page = await api.messages(channelId, { limit: messagePageSize });
        set((state) => withNewestPage(state, channelId, page, messagePageSize));
      }),
    ]);
  },

  sendMessage: async (channelId, content, replyTo, attachments = []) => {
    const me = get().me;
    if (!me) return;
    const nonce = newNonce();
    const reference = replyTo ? { id: replyTo.id, author: replyTo.author, content: replyTo.content.slice(0, 100) } : null;
    const pending: Message = { id: nonce, channelId, author: me, content, createdAt: new Date().toISOString(), nonce, replyTo: reference, attachments };
    set((state) => ({ ...withPendingMessage(state, pending), replying: { ...state.replying, [channelId]: undefined } }));
    await deliver(channelId, nonce, content, replyTo?.id, attachments.map((attachment) => attachment.id));
  },

  retryMessage: async (channelId, nonce) => {
    const message = get().messages[channelId]?.byId[nonce];
    if (!message) return;
    set((state) => withMessageState(state, channelId, nonce, "pending"));
    await deliver(channelId, nonce, message.content, message.replyTo?.id, message.attachments?.map((attachment) => attachment.id));
  },

  editMessage: async (channelId, messageId, content) => {
    const edited = await api.editMessage(channelId, messageId, content);
    set((state) => applyEvent(state, { t: "MESSAGE_UPDATE", s: 0, d: edited }));
  },

  deleteMessage: async (channelId, messageId) => {
    await api.deleteMessage(channelId, messageId);
    set((state) => withoutMessage(state, channelId, messageId));
  },

  // The count changes when MESSAGE_REACTION_ADD or _REMOVE arrives, so two tabs never count one click twice.
  toggleReaction: async (channelId, messageId, emoji) => {
    const mine = get().messages[channelId]?.byId[messageId]?.reactions?.find((reaction) => reaction.emoji === emoji)?.me;
    await (mine ? api.unreact(channelId, messageId, emoji) : api.react(channelId, messageId, emoji));
  },

  setPinned: async (channelId, messageId, pinned) => {
    await (pinned ? api.pin(channelId, messageId) : api.unpin(channelId, messageId));
  },

  replying: {},
  setReplying: (channelId, message) => set((state) => ({ replying: { ...state.replying, [channelId]: message } })),
  editing: {},
  setEditing: (channelId, messageId) => set((state) => ({ editing: { ...state.editing, [channelId]: messageId } })),

  discardMessage: (channelId, nonce) => set((state) => withoutMessage(state, channelId, nonce)),
}));

async function deliver(channelId: Snowflake, nonce: string, content: string, replyTo?: Snowflake, attachmentIds?: Snowflake[]) {
  try {
    const sent = await api.sendMessage(channelId, { content, nonce, replyTo, attachmentIds: attachmentIds?.length ? attachmentIds : undefined });
    // The gateway's MESSAGE_CREATE may come first or second; both carry the nonce and land on one row.
    useStore.setState((state) => withMessages(state, channelId, [{ ...sent, nonce: sent.nonce ?? nonce }]));
  } catch {
    useStore.setState((state) => withMessageState(state, channelId, nonce, "failed"));
  }
}

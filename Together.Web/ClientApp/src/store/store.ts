import { create } from "zustand";
import { api } from "../api/endpoints";
import type { CurrentUser, GatewayEnvelope, Message, Snowflake } from "../api/types";
import { type ConnectionState, type DataState, emptyData } from "./model";
import {
  applyEvent, withChannel, withChannels, withMembers, withMessageState, withMessages, withoutMessage, withPendingMessage,
  withRoles, withServer, withServers,
} from "./reduce";

export const messagePageSize = 50;

export interface Store extends DataState {
  apply(envelope: GatewayEnvelope): void;
  setConnection(connection: ConnectionState): void;
  setMe(user: CurrentUser): void;
  reset(): void;
  loadServers(): Promise<void>;
  loadServer(serverId: Snowflake): Promise<void>;
  createServer(name: string): Promise<Snowflake>;
  createChannel(serverId: Snowflake, name: string, type: "text" | "voice" | "category", parentId?: Snowflake | null): Promise<Snowflake>;
  joinInvite(code: string): Promise<Snowflake>;
  loadMessages(channelId: Snowflake, older?: boolean): Promise<void>;
  sendMessage(channelId: Snowflake, content: string): Promise<void>;
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
  reset: () => set({ ...emptyData }),

  loadServers: async () => {
    const servers = await api.servers();
    set((state) => withServers(state, servers));
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

  sendMessage: async (channelId, content) => {
    const me = get().me;
    if (!me) return;
    const nonce = newNonce();
    const pending: Message = { id: nonce, channelId, author: me, content, createdAt: new Date().toISOString(), nonce };
    set((state) => withPendingMessage(state, pending));
    await deliver(channelId, nonce, content);
  },

  retryMessage: async (channelId, nonce) => {
    const message = get().messages[channelId]?.byId[nonce];
    if (!message) return;
    set((state) => withMessageState(state, channelId, nonce, "pending"));
    await deliver(channelId, nonce, message.content);
  },

  discardMessage: (channelId, nonce) => set((state) => withoutMessage(state, channelId, nonce)),
}));

async function deliver(channelId: Snowflake, nonce: string, content: string) {
  try {
    const sent = await api.sendMessage(channelId, { content, nonce });
    // The gateway's MESSAGE_CREATE may come first or second; both carry the nonce and land on one row.
    useStore.setState((state) => withMessages(state, channelId, [{ ...sent, nonce: sent.nonce ?? nonce }]));
  } catch {
    useStore.setState((state) => withMessageState(state, channelId, nonce, "failed"));
  }
}

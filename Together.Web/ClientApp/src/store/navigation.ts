import type { Channel, ReadState, Server, Snowflake } from "../api/types";
import { isUnread, sidebarTree } from "./selectors";

/** A server's text channels in sidebar order. */
export function textChannels(channels: Record<Snowflake, Channel>, serverId: Snowflake): Channel[] {
  return sidebarTree(channels, serverId).flatMap((section) => section.channels).filter((channel) => channel.type === "text");
}

/**
 * Alt+Up/Down: the text channel above or below the current one in the sidebar (wrapping around); with
 * `unreadOnly` (Shift), the next unread one in that direction, or none.
 */
export function adjacentChannel(
  channels: Record<Snowflake, Channel>,
  readStates: Record<Snowflake, ReadState>,
  serverId: Snowflake,
  channelId: Snowflake | null,
  delta: -1 | 1,
  unreadOnly = false,
): Channel | undefined {
  const list = textChannels(channels, serverId);
  if (list.length === 0) return undefined;
  const index = list.findIndex((channel) => channel.id === channelId);
  for (let step = 1; step <= list.length; step++) {
    const candidate = list[(((index < 0 ? (delta > 0 ? -1 : 0) : index) + delta * step) % list.length + list.length) % list.length]!;
    if (candidate.id === channelId) continue;
    if (!unreadOnly || isUnread(readStates[candidate.id])) return candidate;
  }
  return undefined;
}

export interface SwitcherItem {
  key: string;
  kind: "server" | "channel";
  label: string;
  detail?: string;
  path: string;
  unread: boolean;
}

/**
 * The quick switcher's matches (Ctrl+K): servers and text channels whose name starts with the query, then those
 * containing it; unread channels first among equals. A leading `#` keeps channels only, `*` servers only.
 */
export function switcherItems(
  query: string,
  servers: Record<Snowflake, Server>,
  channels: Record<Snowflake, Channel>,
  readStates: Record<Snowflake, ReadState>,
  limit = 10,
): SwitcherItem[] {
  let q = query.trim().toLowerCase();
  let only: "server" | "channel" | null = null;
  if (q.startsWith("#")) [only, q] = ["channel", q.slice(1)];
  else if (q.startsWith("*")) [only, q] = ["server", q.slice(1)];
  const items: (SwitcherItem & { rank: number })[] = [];
  const rank = (name: string) => (name.toLowerCase().startsWith(q) ? 0 : name.toLowerCase().includes(q) ? 1 : -1);
  if (only !== "channel") {
    for (const server of Object.values(servers)) {
      const r = rank(server.name);
      if (r >= 0) items.push({ key: `s${server.id}`, kind: "server", label: server.name, path: `/channels/${server.id}`, unread: false, rank: r });
    }
  }
  if (only !== "server") {
    for (const channel of Object.values(channels)) {
      if (channel.type !== "text" || !channel.serverId || !servers[channel.serverId]) continue;
      const r = rank(channel.name ?? "");
      if (r < 0) continue;
      const unread = isUnread(readStates[channel.id]);
      items.push({ key: `c${channel.id}`, kind: "channel", label: channel.name ?? "", detail: servers[channel.serverId]!.name, path: `/channels/${channel.serverId}/${channel.id}`, unread, rank: r });
    }
  }
  return items
    .sort((a, b) => a.rank - b.rank || Number(b.unread) - Number(a.unread) || a.label.localeCompare(b.label))
    .slice(0, limit)
    .map(({ rank: _rank, ...item }) => item);
}

/**
 * The rail's marks for a server (or, with null, for Home's DMs): whether any of its channels is unread, and how
 * many unread mentions they hold.
 */
export function unreadSummary(channels: Record<Snowflake, Channel>, readStates: Record<Snowflake, ReadState>, serverId: Snowflake | null): { unread: boolean; mentions: number } {
  let unread = false;
  let mentions = 0;
  for (const channel of Object.values(channels)) {
    const inScope = serverId ? channel.serverId === serverId : channel.type === "dm" || channel.type === "group_dm";
    if (!inScope) continue;
    const readState = readStates[channel.id];
    unread ||= isUnread(readState);
    mentions += readState?.mentionCount ?? 0;
  }
  return { unread, mentions };
}

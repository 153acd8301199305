import type { Channel, Member, Snowflake } from "../api/types";

export interface SearchParams {
  q?: string;
  authorId?: string;
  channelId?: string;
  has?: "attachment";
  mentions?: "@me";
}

/**
 * Reads the search box as Discord does: `from:name` (a member's username or nickname), `in:channel` (`#` optional),
 * `has:file` (or `has:attachment`), `mentions:me`; the other words are the text to find. Unknown names are left
 * in the text, so nothing typed is silently dropped.
 */
export function parseSearch(text: string, members: Member[], channels: Channel[]): SearchParams {
  const params: SearchParams = {};
  const words: string[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const match = /^(from|in|has|mentions):(.+)$/i.exec(word);
    const value = match?.[2]!.replace(/^[@#]/, "").toLowerCase();
    const key = match?.[1]!.toLowerCase();
    if (key === "from") {
      const member = members.find((m) => m.user.username.toLowerCase() === value || m.nickname?.toLowerCase() === value);
      if (member) {
        params.authorId = member.user.id;
        continue;
      }
    } else if (key === "in") {
      const channel = channels.find((c) => c.type === "text" && c.name?.toLowerCase() === value);
      if (channel) {
        params.channelId = channel.id;
        continue;
      }
    } else if (key === "has" && (value === "file" || value === "attachment")) {
      params.has = "attachment";
      continue;
    } else if (key === "mentions" && value === "me") {
      params.mentions = "@me";
      continue;
    }
    words.push(word);
  }
  if (words.length > 0) params.q = words.join(" ");
  return params;
}

export interface Highlight {
  start: number;
  length: number;
}

/** The content cut into plain and highlighted parts, from the server's UTF-16 ranges (never markup). */
export function highlightParts(content: string, highlights: readonly Highlight[]): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const { start, length } of [...highlights].sort((a, b) => a.start - b.start)) {
    if (start < at || start >= content.length) continue;
    if (start > at) parts.push({ text: content.slice(at, start), mark: false });
    parts.push({ text: content.slice(start, start + length), mark: true });
    at = start + length;
  }
  if (at < content.length) parts.push({ text: content.slice(at), mark: false });
  return parts;
}

export type SearchKey = { serverId: Snowflake; text: string };

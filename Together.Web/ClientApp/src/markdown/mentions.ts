import type { BlockNode, InlineNode } from "./ast";
import { parseMarkdown } from "./parse";

export interface Mentions {
  users: Set<string>;
  roles: Set<string>;
  channels: Set<string>;
  everyone: boolean;
}

function collectInline(nodes: InlineNode[], into: Mentions) {
  for (const node of nodes) {
    if (node.type === "mention") {
      if (node.kind === "user") into.users.add(node.id!);
      else if (node.kind === "role") into.roles.add(node.id!);
      else if (node.kind === "channel") into.channels.add(node.id!);
      else into.everyone = true;
    } else if ("children" in node) {
      collectInline(node.children, into);
    }
  }
}

function collectBlocks(blocks: BlockNode[], into: Mentions) {
  for (const block of blocks) {
    if (block.type === "quote") collectBlocks(block.children, into);
    else if (block.type === "list") block.items.forEach((item) => collectInline(item, into));
    else if (block.type !== "codeBlock") collectInline(block.children, into);
  }
}

/** The mentions a message makes; those inside code do not count (as on Discord). */
export function extractMentions(content: string): Mentions {
  const mentions: Mentions = { users: new Set(), roles: new Set(), channels: new Set(), everyone: false };
  collectBlocks(parseMarkdown(content), mentions);
  return mentions;
}

/** Whether the message concerns the reader: mentions them, one of their roles, or everyone. */
export function mentionsMe(content: string, meId: string, myRoleIds: readonly string[]): boolean {
  const mentions = extractMentions(content);
  return mentions.everyone || mentions.users.has(meId) || myRoleIds.some((id) => mentions.roles.has(id));
}

export type Trigger = "@" | "#" | ":";

export interface CompletionQuery {
  trigger: Trigger;
  query: string;
  /** Where the trigger character sits. */
  start: number;
  /** The caret: the query runs from start + 1 to here. */
  end: number;
}

/**
 * The autocomplete the composer should offer at the caret: `@` members and roles, `#` channels, `:` emoji
 * (after two characters, so a plain colon in a sentence opens nothing). The trigger must start a word.
 */
export function completionAt(text: string, caret: number): CompletionQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)([@#:])([\p{L}\p{N}_.\-+]*)$/u.exec(before);
  if (!match) return null;
  const trigger = match[2] as Trigger;
  const query = match[3]!;
  if (trigger === ":" && query.length < 2) return null;
  return { trigger, query, start: caret - query.length - 1, end: caret };
}

/** Replaces the query with the chosen completion and a space; returns the new text and caret. */
export function applyCompletion(text: string, completion: CompletionQuery, replacement: string): { text: string; caret: number } {
  const inserted = `${replacement} `;
  const next = text.slice(0, completion.start) + inserted + text.slice(completion.end).replace(/^ /, "");
  return { text: next, caret: completion.start + inserted.length };
}

export interface Mentionable {
  id: string;
  name: string;
}

/**
 * Turns the `@name` a person typed into the `<@id>` the server stores (`@role` into `<@&id>`, `#channel` into
 * `<#id>`), outside code. Longest names first, so `@ann` never claims the start of `@anna`.
 */
export function encodeMentions(text: string, users: Mentionable[], roles: Mentionable[] = [], channels: Mentionable[] = []): string {
  const targets = [
    ...users.map((user) => ({ sigil: "@", name: user.name, token: `<@${user.id}>` })),
    ...roles.map((role) => ({ sigil: "@", name: role.name, token: `<@&${role.id}>` })),
    ...channels.map((channel) => ({ sigil: "#", name: channel.name, token: `<#${channel.id}>` })),
  ].sort((a, b) => b.name.length - a.name.length);
  if (targets.length === 0) return text;
  const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const names = targets.map((target) => escape(target.name));
  const pattern = new RegExp(`(^|[^\\w<])([@#])(${names.join("|")})(?![\\w-]|\\.\\w)`, "gi");
  return text
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(pattern, (whole, lead: string, sigil: string, name: string) => {
            const target = targets.find((candidate) => candidate.sigil === sigil && candidate.name.toLowerCase() === name.toLowerCase());
            return target ? lead + target.token : whole;
          }),
    )
    .join("");
}

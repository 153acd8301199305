import type { BlockNode, InlineNode } from "./ast";

// Discord-flavoured markdown (UI.md "Message list") parsed to a tree; render.tsx turns the tree into React
// elements, so user text is never interpreted as HTML.

const fence = /```(?:([A-Za-z0-9_+#.-]+)\n)?\n?([\s\S]*?)```/g;

/** Parses a whole message into blocks. */
export function parseMarkdown(source: string): BlockNode[] {
  const blocks: BlockNode[] = [];
  let last = 0;
  for (const match of source.matchAll(fence)) {
    const body = match[2] ?? "";
    if (match[1] === undefined && body.trim() === "") continue;
    blocks.push(...parseBlocks(source.slice(last, match.index)));
    blocks.push({ type: "codeBlock", lang: match[1]?.toLowerCase() ?? null, text: body.replace(/\n$/, "") });
    last = match.index + match[0].length;
  }
  blocks.push(...parseBlocks(source.slice(last)));
  return blocks;
}

const heading = /^(#{1,3}) (.+)$/;
const bullet = /^\s*[-*] (.*)$/;
const numbered = /^\s*(\d{1,9})\. (.*)$/;

function parseBlocks(text: string): BlockNode[] {
  const lines = text.replace(/^\n/, "").replace(/\n$/, "").split("\n");
  if (lines.length === 1 && lines[0] === "") return [];
  const blocks: BlockNode[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: "paragraph", children: parseInline(paragraph.join("\n")) });
    paragraph = [];
  };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith(">>> ")) {
      flush();
      const rest = [line.slice(4), ...lines.slice(index + 1)].join("\n");
      blocks.push({ type: "quote", children: parseBlocks(rest) });
      return blocks;
    }
    if (line.startsWith("> ") || line === ">") {
      flush();
      const quoted: string[] = [];
      while (index < lines.length && (lines[index]!.startsWith("> ") || lines[index] === ">")) {
        quoted.push(lines[index]!.slice(2));
        index++;
      }
      index--;
      blocks.push({ type: "quote", children: parseBlocks(quoted.join("\n")) });
      continue;
    }
    const headingMatch = heading.exec(line);
    if (headingMatch) {
      flush();
      blocks.push({ type: "heading", level: headingMatch[1]!.length as 1 | 2 | 3, children: parseInline(headingMatch[2]!) });
      continue;
    }
    const listMatch = bullet.exec(line) ?? numbered.exec(line);
    if (listMatch) {
      flush();
      const ordered = listMatch.length === 3;
      const start = ordered ? Number(listMatch[1]) : 1;
      const items: InlineNode[][] = [];
      const pattern = ordered ? numbered : bullet;
      while (index < lines.length) {
        const item = pattern.exec(lines[index]!);
        if (!item) break;
        items.push(parseInline(item[item.length - 1]!));
        index++;
      }
      index--;
      blocks.push({ type: "list", ordered, start, items });
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return blocks;
}

interface InlineRule {
  pattern: RegExp;
  build(match: RegExpExecArray): InlineNode | null;
}

const safeProtocols = new Set(["http:", "https:"]);

/** The address when it is an absolute http(s) URL, else null (never javascript:, data: and the like). */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return safeProtocols.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function trimAutolink(raw: string): string {
  // Trailing punctuation ends the sentence, not the link; a closing parenthesis belongs to it only if opened in it.
  let url = raw.replace(/[.,:;!?"']+$/, "");
  while (url.endsWith(")") && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1);
  return url;
}

const nested = (type: "bold" | "italic" | "underline" | "strike" | "spoiler") => (match: RegExpExecArray): InlineNode => ({
  type,
  children: parseInline(match[1]!),
});

// Tried in order at each position; the first that matches wins (as simple-markdown orders its rules).
const rules: InlineRule[] = [
  { pattern: /\\([^A-Za-z0-9\s])/y, build: (m) => ({ type: "text", text: m[1]! }) },
  { pattern: /(`+)([\s\S]*?[^`])\1(?!`)/y, build: (m) => ({ type: "code", text: m[2]!.trim() === "" ? m[2]! : m[2]!.replace(/^ (.*) $/s, "$1") }) },
  { pattern: /\|\|([\s\S]+?)\|\|/y, build: nested("spoiler") },
  { pattern: /\*\*([\s\S]+?)\*\*(?!\*)/y, build: nested("bold") },
  { pattern: /__([\s\S]+?)__(?!_)/y, build: nested("underline") },
  { pattern: /~~([\s\S]+?)~~/y, build: nested("strike") },
  { pattern: /\*(?=\S)([\s\S]*?[^\s*])\*(?!\*)/y, build: nested("italic") },
  { pattern: /_(?=\S)([\s\S]*?\S)_(?![A-Za-z0-9_])/y, build: nested("italic") },
  {
    pattern: /\[([^\]\n]+)\]\(<?(https?:\/\/[^\s)>]+)>?\)/y,
    build: (m) => {
      const href = safeHref(m[2]!);
      return href ? { type: "link", href, children: parseInline(m[1]!) } : null;
    },
  },
  {
    pattern: /<(https?:\/\/[^\s>]+)>/y,
    build: (m) => {
      const href = safeHref(m[1]!);
      return href ? { type: "link", href, children: [{ type: "text", text: m[1]! }] } : null;
    },
  },
  { pattern: /<@!?(\d{1,20})>/y, build: (m) => ({ type: "mention", kind: "user", id: m[1]! }) },
  { pattern: /<@&(\d{1,20})>/y, build: (m) => ({ type: "mention", kind: "role", id: m[1]! }) },
  { pattern: /<#(\d{1,20})>/y, build: (m) => ({ type: "mention", kind: "channel", id: m[1]! }) },
  { pattern: /<(a?):([A-Za-z0-9_]{2,32}):(\d{1,20})>/y, build: (m) => ({ type: "emoji", animated: m[1] === "a", name: m[2]!, id: m[3]! }) },
  { pattern: /@(everyone|here)(?![A-Za-z0-9_])/y, build: (m) => ({ type: "mention", kind: m[1] as "everyone" | "here" }) },
];

const autolink = /https?:\/\/[^\s<]+/y;

/** Parses inline markdown (no blocks) into nodes; adjacent text is merged. */
export function parseInline(source: string): InlineNode[] {
  const nodes: InlineNode[] = [];
  let text = "";
  const pushText = () => {
    if (text) nodes.push({ type: "text", text });
    text = "";
  };

  let index = 0;
  outer: while (index < source.length) {
    const char = source[index]!;
    if (char === "\n") {
      pushText();
      nodes.push({ type: "br" });
      index++;
      continue;
    }
    // Rules start only at characters that can open one; everything else is text.
    if ("\\`|*_~[<@".includes(char)) {
      // `_` italics and `@everyone` start only at a word start: snake_case and me@everyone.example stay text.
      const wordStart = index === 0 || !/[A-Za-z0-9]/.test(source[index - 1]!);
      for (const rule of rules) {
        if (!wordStart && (char === "_" || char === "@")) break;
        rule.pattern.lastIndex = index;
        const match = rule.pattern.exec(source);
        if (!match) continue;
        const node = rule.build(match);
        if (!node) continue;
        if (node.type === "text") {
          text += node.text;
        } else {
          pushText();
          nodes.push(node);
        }
        index += match[0].length;
        continue outer;
      }
    }
    if (char === "h" && (index === 0 || !/[A-Za-z0-9]/.test(source[index - 1]!))) {
      autolink.lastIndex = index;
      const match = autolink.exec(source);
      const href = match ? safeHref(trimAutolink(match[0])) : null;
      if (match && href) {
        const shown = trimAutolink(match[0]);
        pushText();
        nodes.push({ type: "link", href, children: [{ type: "text", text: shown }] });
        index += shown.length;
        continue;
      }
    }
    text += char;
    index++;
  }
  pushText();
  return nodes;
}

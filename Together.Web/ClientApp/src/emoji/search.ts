// Emoji lookups for the composer's `:` autocomplete and the picker; the data itself loads on demand (data.ts).

export interface Emoji {
  /** The character(s) sent. */
  emoji: string;
  /** Shortcodes without colons, the first being the one shown (`thumbsup`, `+1`). */
  shortcodes: string[];
  /** The Unicode name, also searched. */
  label: string;
  group: number;
}

export const groupNames = ["Smileys", "People", "Components", "Nature", "Food", "Travel", "Activities", "Objects", "Symbols", "Flags"];

/**
 * Emoji whose shortcode starts with the query first (shortest first, so `:smile` offers `smile` before
 * `smiley_cat`), then those whose shortcode or name contains it.
 */
export function searchEmoji(list: readonly Emoji[], query: string, limit = 8): Emoji[] {
  const q = query.toLowerCase().replace(/^:|:$/g, "");
  if (!q) return list.slice(0, limit);
  const prefix: Emoji[] = [];
  const contains: Emoji[] = [];
  for (const entry of list) {
    if (entry.shortcodes.some((code) => code.startsWith(q))) prefix.push(entry);
    else if (entry.shortcodes.some((code) => code.includes(q)) || entry.label.toLowerCase().includes(q)) contains.push(entry);
  }
  const shortest = (entry: Emoji) => Math.min(...entry.shortcodes.filter((code) => code.startsWith(q)).map((code) => code.length));
  prefix.sort((a, b) => shortest(a) - shortest(b));
  return [...prefix, ...contains].slice(0, limit);
}

/** Turns complete `:shortcode:`s into their emoji outside code, as Discord does when sending. */
export function replaceShortcodes(text: string, byCode: ReadonlyMap<string, string>): string {
  return text
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/:([a-z0-9_+-]{2,}):/gi, (whole, code: string) => byCode.get(code.toLowerCase()) ?? whole)))
    .join("");
}

let loading: Promise<{ list: Emoji[]; byCode: Map<string, string> }> | null = null;

/** The emoji set, fetched once (a separate chunk, so the first load stays small). */
export function loadEmoji() {
  loading ??= import("./data").then(({ buildEmoji }) => {
    const list = buildEmoji();
    const byCode = new Map<string, string>();
    for (const entry of list) for (const code of entry.shortcodes) if (!byCode.has(code)) byCode.set(code, entry.emoji);
    return { list, byCode };
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

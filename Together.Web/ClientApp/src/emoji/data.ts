import compact from "emojibase-data/en/compact.json";
import shortcodes from "emojibase-data/en/shortcodes/iamcal.json";
import type { Emoji } from "./search";

const componentsGroup = 2;

/** Emojibase's data with Slack/Discord shortcodes (iamcal); skin-tone variants and bare components left out. */
export function buildEmoji(): Emoji[] {
  const codes = shortcodes as Record<string, string | string[]>;
  const list: Emoji[] = [];
  for (const entry of compact as { hexcode: string; label: string; unicode: string; group?: number; order?: number }[]) {
    if (entry.group === undefined || entry.group === componentsGroup) continue;
    const raw = codes[entry.hexcode];
    const names = raw === undefined ? [entry.label.toLowerCase().replace(/[^a-z0-9+]+/g, "_").replace(/^_|_$/g, "")] : Array.isArray(raw) ? raw : [raw];
    // Emojibase adds VS16 even where the emoji shows as emoji without it; drop it there so 👍 from here and from
    // the quick reactions are one reaction, not two.
    const emoji = /^\p{Emoji_Presentation}\uFE0F$/u.test(entry.unicode) ? entry.unicode.slice(0, -1) : entry.unicode;
    list.push({ emoji, shortcodes: names, label: entry.label, group: entry.group });
  }
  return list;
}

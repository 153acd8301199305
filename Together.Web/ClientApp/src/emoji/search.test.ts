import { describe, expect, it } from "vitest";
import { buildEmoji } from "./data";
import { replaceShortcodes, searchEmoji } from "./search";

describe("emoji", () => {
  const list = buildEmoji();

  it("has the common set with Discord's shortcodes and no skin-tone variants", () => {
    expect(list.length).toBeGreaterThan(1500);
    const thumbs = list.find((entry) => entry.shortcodes.includes("thumbsup"));
    expect(thumbs?.emoji).toBe("👍");
    expect(list.find((entry) => entry.shortcodes.includes("heart"))?.emoji).toBe("❤️");
    expect(list.some((entry) => entry.emoji.includes("\u{1F3FB}"))).toBe(false);
  });

  it("offers prefix matches first, shortest first, then names containing the query", () => {
    const found = searchEmoji(list, "smile", 20).map((entry) => entry.shortcodes[0]);
    expect(found[0]).toBe("smile");
    expect(found).toContain("smiley");
    expect(searchEmoji(list, "tada")[0]?.emoji).toBe("🎉");
    expect(searchEmoji(list, "zzzzqq")).toEqual([]);
  });

  it("turns complete shortcodes into emoji, outside code only", () => {
    const byCode = new Map([["tada", "🎉"], ["+1", "👍"]]);
    expect(replaceShortcodes("party :tada: :+1: :unknown:", byCode)).toBe("party 🎉 👍 :unknown:");
    expect(replaceShortcodes("`:tada:` and :tada:", byCode)).toBe("`:tada:` and 🎉");
    expect(replaceShortcodes("at 10:30:00", byCode)).toBe("at 10:30:00");
  });
});

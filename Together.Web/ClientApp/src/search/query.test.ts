import { describe, expect, it } from "vitest";
import type { Channel, Member } from "../api/types";
import { highlightParts, parseSearch } from "./query";

const members: Member[] = [{ user: { id: "7", username: "alice", displayName: null, createdAt: "" }, nickname: "Ali", roles: [] }];
const channels: Channel[] = [{ id: "5", serverId: "s", type: "text", name: "books", position: 0 }];

describe("search", () => {
  it("reads Discord's filters and keeps the rest as words", () => {
    expect(parseSearch("dragons from:alice in:#books has:file mentions:me", members, channels))
      .toEqual({ q: "dragons", authorId: "7", channelId: "5", has: "attachment", mentions: "@me" });
    expect(parseSearch("from:@Ali", members, channels)).toEqual({ authorId: "7" });
    expect(parseSearch("from:nobody in:nowhere tea", members, channels)).toEqual({ q: "from:nobody in:nowhere tea" });
    expect(parseSearch("   ", members, channels)).toEqual({});
  });

  it("marks the server's ranges and nothing else", () => {
    expect(highlightParts("find the dragon here", [{ start: 9, length: 6 }])).toEqual([
      { text: "find the ", mark: false }, { text: "dragon", mark: true }, { text: " here", mark: false },
    ]);
    expect(highlightParts("a b", [{ start: 2, length: 1 }, { start: 0, length: 1 }])).toEqual([
      { text: "a", mark: true }, { text: " ", mark: false }, { text: "b", mark: true },
    ]);
  });
});

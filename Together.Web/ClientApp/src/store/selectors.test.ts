import { describe, expect, it } from "vitest";
import type { Channel, Member, Role } from "../api/types";
import type { ClientMessage } from "./model";
import { defaultChannel, groupMembers, memberColor, messageRows, sidebarTree, typingText } from "./selectors";

const channel = (id: string, type: Channel["type"], position: number, parentId: string | null = null): Channel => ({
  id, serverId: "10", type, name: `c${id}`, position, parentId,
});

describe("sidebarTree", () => {
  it("lists loose channels first, then categories by position, text before voice", () => {
    const channels = Object.fromEntries([
      channel("1", "category", 1),
      channel("2", "category", 0),
      channel("3", "voice", 0, "1"),
      channel("4", "text", 5, "1"),
      channel("5", "text", 0),
      channel("6", "text", 0, "2"),
      { ...channel("7", "text", 0), serverId: "other" },
    ].map((c) => [c.id, c]));
    const tree = sidebarTree(channels, "10");
    expect(tree.map((s) => [s.category?.id ?? null, s.channels.map((c) => c.id)])).toEqual([
      [null, ["5"]],
      ["2", ["6"]],
      ["1", ["4", "3"]],
    ]);
    expect(defaultChannel(channels, "10")?.id).toBe("5");
  });
});

describe("groupMembers", () => {
  const user = (id: string, name: string) => ({ id, username: name, displayName: null, createdAt: "" });
  const roles: Record<string, Role> = {
    "10": { id: "10", name: "@everyone", color: 0, hoist: false, position: 0 },
    a: { id: "a", name: "Admins", color: 0xff0000, hoist: true, position: 3 },
    m: { id: "m", name: "Mods", color: 0x00ff00, hoist: true, position: 2 },
    c: { id: "c", name: "Colour", color: 0x0000ff, hoist: false, position: 5 },
  };
  const members: Member[] = [
    { user: user("1", "zed"), roles: ["m", "a"] },
    { user: user("2", "amy"), roles: ["m"] },
    { user: user("3", "bob"), roles: [] },
    { user: user("4", "cat"), roles: ["a"] },
  ];

  it("puts online members under their highest hoisted role, then Online, then Offline", () => {
    const presences = { "1": { status: "online" as const }, "2": { status: "dnd" as const }, "3": { status: "idle" as const } };
    expect(groupMembers(members, roles, presences).map((g) => [g.title, g.members.map((m) => m.user.username)])).toEqual([
      ["Admins", ["zed"]],
      ["Mods", ["amy"]],
      ["Online", ["bob"]],
      ["Offline", ["cat"]],
    ]);
  });

  it("colours a name by the highest coloured role", () => {
    expect(memberColor({ user: user("1", "x"), roles: ["m", "c", "a"] }, roles)).toBe("#0000ff");
    expect(memberColor({ user: user("1", "x"), roles: [] }, roles)).toBeUndefined();
  });
});

describe("messageRows", () => {
  const author = (id: string) => ({ id, username: id, displayName: null, createdAt: "" });
  const at = (id: string, who: string, time: string): ClientMessage => ({ id, channelId: "1", author: author(who), content: "", createdAt: time });

  it("groups one author's messages within 7 minutes and separates days", () => {
    const rows = messageRows([
      at("1", "a", "2026-03-01T10:00:00"),
      at("2", "a", "2026-03-01T10:06:59"),
      at("3", "a", "2026-03-01T10:14:00"),
      at("4", "b", "2026-03-01T10:14:30"),
      at("5", "b", "2026-03-02T09:00:00"),
    ]);
    expect(rows.map((r) => (r.kind === "message" ? `${r.message.id}${r.head ? "*" : ""}` : r.kind))).toEqual([
      "day", "1*", "2", "3*", "4*", "day", "5*",
    ]);
  });

  it("puts the new-messages divider before the first message after the one last read, starting a group", () => {
    const messages = [at("1", "a", "2026-03-01T10:00:00"), at("2", "a", "2026-03-01T10:01:00"), at("3", "a", "2026-03-01T10:02:00")];
    const label = (rows: ReturnType<typeof messageRows>) => rows.map((r) => (r.kind === "message" ? `${r.message.id}${r.head ? "*" : ""}` : r.kind));
    expect(label(messageRows(messages, "1"))).toEqual(["day", "1*", "new", "2*", "3"]);
    expect(label(messageRows(messages, "3"))).toEqual(["day", "1*", "2", "3"]);
    expect(label(messageRows(messages, null))).toEqual(["day", "1*", "2", "3"]);
    expect(label(messageRows(messages, "0"))).toEqual(["day", "new", "1*", "2", "3"]);
  });
});

describe("typingText", () => {
  const members = {
    "10": Object.fromEntries(["ann", "bob", "cy", "di"].map((name, i) => [String(i), { user: { id: String(i), username: name, displayName: null, createdAt: "" }, roles: [] }])),
  };

  it("names up to three people and counts only live indicators", () => {
    expect(typingText({ members, typing: { c: { "0": 2000 } } }, "c", "10", 1000)).toBe("ann is typing…");
    expect(typingText({ members, typing: { c: { "0": 2000, "1": 2000 } } }, "c", "10", 1000)).toBe("ann and bob are typing…");
    expect(typingText({ members, typing: { c: { "0": 2000, "1": 2000, "2": 500 } } }, "c", "10", 1000)).toBe("ann and bob are typing…");
    expect(typingText({ members, typing: { c: { "0": 2e3, "1": 2e3, "2": 2e3, "3": 2e3 } } }, "c", "10", 1000)).toBe("Several people are typing…");
    expect(typingText({ members, typing: {} }, "c", "10", 1000)).toBeNull();
  });
});

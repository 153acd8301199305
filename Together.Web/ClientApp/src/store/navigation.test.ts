import { describe, expect, it } from "vitest";
import type { Channel, ReadState, Server } from "../api/types";
import { adjacentChannel, switcherItems, unreadSummary } from "./navigation";

const servers: Record<string, Server> = { s: { id: "s", name: "Book Club", ownerId: "1" }, t: { id: "t", name: "Gardening", ownerId: "1" } };
const channel = (id: string, name: string, position: number, serverId = "s", extra: Partial<Channel> = {}): Channel => ({ id, serverId, type: "text", name, position, ...extra });
const channels: Record<string, Channel> = {
  a: channel("a", "general", 0),
  b: channel("b", "books", 1),
  v: channel("v", "Lounge", 2, "s", { type: "voice" }),
  c: channel("c", "cat", 0, "s", { type: "category" }),
  d: channel("d", "spoilers", 0, "s", { parentId: "c" }),
  g: channel("g", "general", 0, "t"),
};
const unread = (id: string): ReadState => ({ channelId: id, lastReadMessageId: "1", lastMessageId: "2", mentionCount: 0, unread: true });

describe("channel navigation", () => {
  it("moves through the server's text channels in sidebar order, wrapping", () => {
    expect(adjacentChannel(channels, {}, "s", "a", 1)?.id).toBe("b");
    expect(adjacentChannel(channels, {}, "s", "b", 1)?.id).toBe("d"); // past the voice channel, into the category
    expect(adjacentChannel(channels, {}, "s", "d", 1)?.id).toBe("a");
    expect(adjacentChannel(channels, {}, "s", "a", -1)?.id).toBe("d");
  });

  it("skips to the next unread channel with Shift, or nowhere", () => {
    expect(adjacentChannel(channels, { d: unread("d") }, "s", "a", 1, true)?.id).toBe("d");
    expect(adjacentChannel(channels, { d: unread("d") }, "s", "a", -1, true)?.id).toBe("d");
    expect(adjacentChannel(channels, {}, "s", "a", 1, true)).toBeUndefined();
  });
});

describe("rail marks", () => {
  it("sum a server's unread channels and mentions, and Home's DMs apart", () => {
    const dm = channel("m", "", 0, "", { type: "dm", serverId: null });
    const all = { ...channels, m: dm };
    const states = { b: { ...unread("b"), mentionCount: 2 }, g: unread("g"), m: { ...unread("m"), mentionCount: 1 } };
    expect(unreadSummary(all, states, "s")).toEqual({ unread: true, mentions: 2 });
    expect(unreadSummary(all, states, "t")).toEqual({ unread: true, mentions: 0 });
    expect(unreadSummary(all, {}, "s")).toEqual({ unread: false, mentions: 0 });
    expect(unreadSummary(all, states, null)).toEqual({ unread: true, mentions: 1 });
  });
});

describe("quick switcher", () => {
  it("lists prefix matches before others, unread channels first", () => {
    const items = switcherItems("gen", servers, channels, { g: unread("g") });
    expect(items.map((item) => [item.label, item.detail])).toEqual([["general", "Gardening"], ["general", "Book Club"]]);
    expect(items[0]!.path).toBe("/channels/t/g");
    expect(switcherItems("o", servers, channels, {}).map((item) => item.label)).toEqual(["Book Club", "books", "spoilers"]);
  });

  it("narrows to channels with # and servers with *", () => {
    expect(switcherItems("#g", servers, channels, {}).every((item) => item.kind === "channel")).toBe(true);
    expect(switcherItems("*g", servers, channels, {}).map((item) => item.label)).toEqual(["Gardening"]);
  });
});

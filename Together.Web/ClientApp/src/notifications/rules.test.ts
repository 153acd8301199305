import { describe, expect, it } from "vitest";
import type { Channel, Message } from "../api/types";
import { notificationText, shouldNotify } from "./rules";

const user = (id: string, name: string) => ({ id, username: name, displayName: null, createdAt: "" });
const channels: Record<string, Channel> = {
  "5": { id: "5", serverId: "s", type: "text", name: "general", position: 0 },
  d: { id: "d", serverId: null, type: "dm", name: null, position: 0 },
};
const state = {
  me: { ...user("1", "me"), email: null, isAdmin: false },
  channels,
  servers: { s: { id: "s", name: "Book Club", ownerId: "2" } },
  members: { s: { "1": { user: user("1", "me"), roles: ["r"] }, "2": { user: user("2", "alice"), roles: [], nickname: "Alice" } } },
};
const message = (extra: Partial<Message>): Message => ({ id: "9", channelId: "5", author: user("2", "alice"), content: "hello <@1>", createdAt: "", ...extra });

describe("notifications", () => {
  it("notify of mentions of the reader, their roles or everyone, and of direct messages, only while hidden", () => {
    expect(shouldNotify(state, message({ mentions: ["1"] }), true)).toBe(true);
    expect(shouldNotify(state, message({ mentions: ["1"] }), false)).toBe(false);
    expect(shouldNotify(state, message({ mentionRoles: ["r"] }), true)).toBe(true);
    expect(shouldNotify(state, message({ mentionEveryone: true }), true)).toBe(true);
    expect(shouldNotify(state, message({ channelId: "d" }), true)).toBe(true);
    expect(shouldNotify(state, message({}), true)).toBe(false);
    expect(shouldNotify(state, message({ author: user("1", "me"), mentions: ["1"] }), true)).toBe(false);
  });

  it("names the author, channel and server, with mentions in words", () => {
    expect(notificationText(state, message({ content: "hi <@1> see <#5>" }))).toEqual({ title: "Alice (#general, Book Club)", body: "hi @me see #general" });
  });
});

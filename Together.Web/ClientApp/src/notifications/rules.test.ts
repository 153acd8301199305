import { describe, expect, it } from "vitest";
import type { Channel, Message, NotificationSetting } from "../api/types";
import { effectiveLevel, notificationText, shouldNotify } from "./rules";

const user = (id: string, name: string) => ({ id, username: name, displayName: null, createdAt: "" });
const channels: Record<string, Channel> = {
  "5": { id: "5", serverId: "s", type: "text", name: "general", position: 0 },
  "6": { id: "6", serverId: "s", type: "text", name: "random", position: 1 },
  d: { id: "d", serverId: null, type: "dm", name: null, position: 0 },
};
const setting = (extra: Partial<NotificationSetting>): NotificationSetting => ({ serverId: null, channelId: null, level: "default", mutedUntil: null, ...extra });
const mentionsOnly = { "server:s": setting({ serverId: "s", level: "mentions" }) };
const state = (notificationSettings: Record<string, NotificationSetting> = mentionsOnly) => ({
  me: { ...user("1", "me"), email: null, isAdmin: false },
  channels,
  servers: { s: { id: "s", name: "Book Club", ownerId: "2" } },
  members: { s: { "1": { user: user("1", "me"), roles: ["r"] }, "2": { user: user("2", "alice"), roles: [], nickname: "Alice" } } },
  notificationSettings,
});
const message = (extra: Partial<Message>): Message => ({ id: "9", channelId: "5", author: user("2", "alice"), content: "hello <@1>", createdAt: "", ...extra });
const now = Date.parse("2026-06-01T12:00:00Z");

describe("notifications", () => {
  it("follow the channel's level, else its server's, else every message; a mute silences both", () => {
    expect(effectiveLevel({}, "5", "s", now)).toBe("all");
    expect(effectiveLevel(mentionsOnly, "5", "s", now)).toBe("mentions");
    expect(effectiveLevel({ ...mentionsOnly, "channel:5": setting({ channelId: "5", level: "all" }) }, "5", "s", now)).toBe("all");
    expect(effectiveLevel({ ...mentionsOnly, "channel:5": setting({ channelId: "5", level: "default" }) }, "5", "s", now)).toBe("mentions");
    const muted = { "server:s": setting({ serverId: "s", level: "all", mutedUntil: "2026-06-01T13:00:00Z" }) };
    expect(effectiveLevel(muted, "5", "s", now)).toBe("nothing");
    expect(effectiveLevel(muted, "5", "s", Date.parse("2026-06-01T14:00:00Z"))).toBe("all");
    expect(effectiveLevel({ "channel:d": setting({ channelId: "d", level: "nothing" }) }, "d", null, now)).toBe("nothing");
  });

  it("where only mentions count, notify of mentions of the reader, their roles or everyone, only while hidden", () => {
    expect(shouldNotify(state(), message({ mentions: ["1"] }), true, now)).toBe(true);
    expect(shouldNotify(state(), message({ mentions: ["1"] }), false, now)).toBe(false);
    expect(shouldNotify(state(), message({ mentionRoles: ["r"] }), true, now)).toBe(true);
    expect(shouldNotify(state(), message({ mentionEveryone: true }), true, now)).toBe(true);
    expect(shouldNotify(state(), message({}), true, now)).toBe(false);
    expect(shouldNotify(state(), message({ channelId: "d" }), true, now)).toBe(true); // a DM follows no server
    expect(shouldNotify(state(), message({ author: user("1", "me"), mentions: ["1"] }), true, now)).toBe(false);
    expect(shouldNotify(state({}), message({}), true, now)).toBe(true);
    expect(shouldNotify(state({ "server:s": setting({ serverId: "s", level: "nothing" }) }), message({ mentions: ["1"] }), true, now)).toBe(false);
  });

  it("names the author, channel and server, with mentions in words", () => {
    expect(notificationText(state(), message({ content: "hi <@1> see <#5>" }))).toEqual({ title: "Alice (#general, Book Club)", body: "hi @me see #general" });
  });
});

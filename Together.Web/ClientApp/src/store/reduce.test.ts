import { describe, expect, it } from "vitest";
import type { Channel, CurrentUser, Member, Message } from "../api/types";
import { type DataState, emptyData } from "./model";
import { applyEvent, withMessageState, withMessages, withPendingMessage, withReadStates, withServers } from "./reduce";

const me: CurrentUser = { id: "1", username: "me", displayName: null, email: null, isAdmin: false, createdAt: "2026-01-01T00:00:00Z" };
const bob = { id: "2", username: "bob", displayName: "Bob", createdAt: "2026-01-01T00:00:00Z" };
const event = (t: string, d: unknown) => ({ t, s: 2, d });

function message(id: string, extra: Partial<Message> = {}): Message {
  return { id, channelId: "30", author: bob, content: `m${id}`, createdAt: "2026-01-01T10:00:00Z", ...extra };
}

function ready(): DataState {
  return applyEvent(emptyData, event("READY", { user: me, sessionId: "s1" }));
}

describe("applyEvent", () => {
  it("READY lists DMs beside server channels; a DM's newest message sorts it; a server's list leaves DMs alone", () => {
    const dm = { id: "80", type: "dm", name: null, position: 0, recipients: [me, bob], lastMessageId: null };
    let state = applyEvent(emptyData, event("READY", { user: me, sessionId: "s1", servers: [], privateChannels: [dm] }));
    expect(state.channels["80"]).toMatchObject({ type: "dm", serverId: null, recipients: [me, bob] });
    state = applyEvent(state, event("MESSAGE_CREATE", message("90", { channelId: "80" })));
    expect(state.channels["80"]?.lastMessageId).toBe("90");
    expect(state.readStates["80"]?.unread).toBe(true);
    state = applyEvent(state, event("SERVER_CREATE", { id: "10", name: "Club", ownerId: "1", channels: [{ id: "30", serverId: "10", type: "text", name: "general", position: 0 }] }));
    expect(Object.keys(state.channels).sort()).toEqual(["30", "80"]);
    state = applyEvent(state, event("CHANNEL_DELETE", { id: "80" }));
    expect(state.channels["80"]).toBeUndefined();
  });

  it("READY sets the user and marks the gateway connected; USER_UPDATE replaces the user", () => {
    const state = ready();
    expect(state.me).toEqual(me);
    expect(state.sessionId).toBe("s1");
    expect(state.connection).toBe("connected");
    expect(applyEvent(state, event("USER_UPDATE", { ...me, displayName: "Me!" })).me?.displayName).toBe("Me!");
  });

  it("adds, updates and removes servers with their channels", () => {
    let state = applyEvent(ready(), event("SERVER_CREATE", {
      id: "10", name: "Club", ownerId: "1",
      channels: [{ id: "30", serverId: "10", type: "Text", name: "general", position: 0 }],
    }));
    expect(state.serverOrder).toEqual(["10"]);
    expect(state.channels["30"]?.type).toBe("text");
    state = applyEvent(state, event("SERVER_UPDATE", { id: "10", name: "Club 2", ownerId: "1" }));
    expect(state.servers["10"]?.name).toBe("Club 2");
    state = applyEvent(state, event("SERVER_DELETE", { id: "10" }));
    expect(state.servers).toEqual({});
    expect(state.serverOrder).toEqual([]);
    expect(state.channels).toEqual({});
  });

  it("applies channel events and normalises the channel type", () => {
    let state = applyEvent(ready(), event("CHANNEL_CREATE", { id: "31", serverId: "10", type: 1, name: "Lounge", position: 2 }));
    expect(state.channels["31"]).toMatchObject({ type: "voice", name: "Lounge" });
    state = applyEvent(state, event("CHANNEL_UPDATE", { id: "31", serverId: "10", type: "voice", name: "Hangout", position: 2 }));
    expect(state.channels["31"]?.name).toBe("Hangout");
    state = applyEvent(state, event("CHANNEL_DELETE", { id: "31", serverId: "10" }));
    expect(state.channels["31"]).toBeUndefined();
  });

  it("applies role and member events; a removed role leaves members' role lists", () => {
    const member: Member = { serverId: "10", user: bob, roles: ["40"] };
    let state = applyEvent(ready(), event("ROLE_CREATE", { serverId: "10", role: { id: "40", name: "mods", color: 0, hoist: true, position: 1 } }));
    state = applyEvent(state, event("MEMBER_ADD", member));
    expect(state.members["10"]?.["2"]?.roles).toEqual(["40"]);
    state = applyEvent(state, event("ROLE_DELETE", { serverId: "10", roleId: "40" }));
    expect(state.roles["10"]).toEqual({});
    expect(state.members["10"]?.["2"]?.roles).toEqual([]);
    state = applyEvent(state, event("MEMBER_REMOVE", { serverId: "10", user: bob }));
    expect(state.members["10"]).toEqual({});
  });

  it("leaving a server (MEMBER_REMOVE of oneself) drops the server", () => {
    let state = withServers(ready(), [{ id: "10", name: "Club", ownerId: "2" }]);
    state = applyEvent(state, event("MEMBER_REMOVE", { serverId: "10", userId: "1" }));
    expect(state.servers["10"]).toBeUndefined();
  });

  it("MESSAGE_CREATE appends in id order, stops the author's typing, and makes the channel unread", () => {
    let state = applyEvent(ready(), event("CHANNEL_CREATE", { id: "30", serverId: "10", type: "text", name: "general", position: 0 } satisfies Channel));
    state = applyEvent(state, event("TYPING_START", { channelId: "30", userId: "2" }), 1000);
    expect(state.typing["30"]?.["2"]).toBe(11_000);
    state = applyEvent(state, event("MESSAGE_CREATE", message("100000000000000002")));
    state = applyEvent(state, event("MESSAGE_CREATE", message("99999999999999999")));
    expect(state.messages["30"]?.ids).toEqual(["99999999999999999", "100000000000000002"]);
    expect(state.typing["30"]?.["2"]).toBeUndefined();
    expect(state.readStates["30"]).toMatchObject({ lastMessageId: "100000000000000002", unread: true, mentionCount: 0 });
  });

  it("counts mentions of the user, treats one's own messages as read, and takes READ_STATE_UPDATE as it comes", () => {
    let state = withReadStates(ready(), [{ channelId: "30", lastReadMessageId: "5", lastMessageId: "5", mentionCount: 0, unread: false }]);
    state = applyEvent(state, event("MESSAGE_CREATE", message("6", { mentions: [me.id] })));
    expect(state.readStates["30"]).toMatchObject({ lastMessageId: "6", mentionCount: 1, unread: true });
    state = applyEvent(state, event("MESSAGE_CREATE", message("7", { author: me })));
    expect(state.readStates["30"]).toMatchObject({ lastReadMessageId: "7", unread: false });
    state = applyEvent(state, event("READ_STATE_UPDATE", { channelId: "30", lastReadMessageId: "7", lastMessageId: "7", mentionCount: 0, unread: false }));
    expect(state.readStates["30"]?.mentionCount).toBe(0);
  });

  it("a server's state carries only the user's own membership: members already loaded stay", () => {
    let state = applyEvent(ready(), event("SERVER_CREATE", { id: "10", name: "Club", ownerId: "2", channels: [], roles: [], members: [{ serverId: "10", user: me, roles: [] }] }));
    state = applyEvent(state, event("MEMBER_ADD", { serverId: "10", user: bob, roles: [] }));
    state = applyEvent(state, event("READY", { user: me, sessionId: "s2", servers: [{ id: "10", name: "Club", ownerId: "2", channels: [], roles: [], members: [{ serverId: "10", user: me, roles: [] }] }] }));
    expect(Object.keys(state.members["10"] ?? {}).sort()).toEqual(["1", "2"]);
  });

  it("ignores one's own typing", () => {
    expect(applyEvent(ready(), event("TYPING_START", { channelId: "30", userId: "1" })).typing).toEqual({});
  });

  it("applies edits, deletes and reactions", () => {
    let state = withMessages(ready(), "30", [message("5")]);
    state = applyEvent(state, event("MESSAGE_UPDATE", { id: "5", channelId: "30", content: "edited", editedAt: "2026-01-01T10:01:00Z" }));
    expect(state.messages["30"]?.byId["5"]).toMatchObject({ content: "edited", editedAt: "2026-01-01T10:01:00Z" });
    state = applyEvent(state, event("MESSAGE_REACTION_ADD", { channelId: "30", messageId: "5", userId: "1", emoji: "👍" }));
    state = applyEvent(state, event("MESSAGE_REACTION_ADD", { channelId: "30", messageId: "5", userId: "2", emoji: "👍" }));
    expect(state.messages["30"]?.byId["5"]?.reactions).toEqual([{ emoji: "👍", count: 2, me: true }]);
    state = applyEvent(state, event("MESSAGE_REACTION_REMOVE", { channelId: "30", messageId: "5", userId: "1", emoji: "👍" }));
    expect(state.messages["30"]?.byId["5"]?.reactions).toEqual([{ emoji: "👍", count: 1, me: false }]);
    state = applyEvent(state, event("MESSAGE_DELETE", { id: "5", channelId: "30" }));
    expect(state.messages["30"]?.ids).toEqual([]);
  });

  it("MESSAGE_UPDATE (a pin, an edit) keeps which reactions are ours, since it says me: false to everyone", () => {
    let state = withMessages(ready(), "30", [message("5", { reactions: [{ emoji: "👍", count: 2, me: true }] })], { older: true, limit: 50 });
    state = applyEvent(state, event("MESSAGE_UPDATE", { ...message("5"), pinned: true, reactions: [{ emoji: "👍", count: 2, me: false }, { emoji: "🎉", count: 1, me: false }] }));
    expect(state.messages["30"]?.byId["5"]?.reactions).toEqual([{ emoji: "👍", count: 2, me: true }, { emoji: "🎉", count: 1, me: false }]);
    expect(state.messages["30"]?.byId["5"]?.pinned).toBe(true);
  });

  it("ignores unknown event types", () => {
    const state = ready();
    expect(applyEvent(state, event("SOMETHING_NEW", {}))).toBe(state);
  });
});

describe("optimistic messages", () => {
  it("a pending message is replaced by the echo carrying its nonce", () => {
    let state = withPendingMessage(ready(), { ...message("n1"), author: me, nonce: "n1" });
    expect(state.messages["30"]?.byId["n1"]?.state).toBe("pending");
    state = applyEvent(state, event("MESSAGE_CREATE", { ...message("77"), author: me, nonce: "n1" }));
    expect(state.messages["30"]?.ids).toEqual(["77"]);
    expect(state.messages["30"]?.byId["77"]?.state).toBeUndefined();
  });

  it("pending messages stay below confirmed ones; a failed one can be marked and retried", () => {
    let state = withPendingMessage(ready(), { ...message("n1"), author: me, nonce: "n1" });
    state = applyEvent(state, event("MESSAGE_CREATE", message("80")));
    expect(state.messages["30"]?.ids).toEqual(["80", "n1"]);
    state = withMessageState(state, "30", "n1", "failed");
    expect(state.messages["30"]?.byId["n1"]?.state).toBe("failed");
  });

  it("a page of history knows whether older messages may exist", () => {
    const full = withMessages(ready(), "30", [message("1"), message("2")], { older: true, limit: 2 });
    expect(full.messages["30"]).toMatchObject({ hasMore: true, loaded: true });
    const short = withMessages(ready(), "30", [message("1")], { older: true, limit: 2 });
    expect(short.messages["30"]?.hasMore).toBe(false);
  });
});

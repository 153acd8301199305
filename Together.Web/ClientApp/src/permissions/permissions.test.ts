import { describe, expect, it } from "vitest";
import type { Channel, Member, Role, Server } from "../api/types";
import { moveChannel, moveRole, overwriteState, withOverwriteState } from "./order";
import { channelPermissions, has, outranks, P, serverPermissions } from "./permissions";

const server: Server = { id: "1", name: "S", ownerId: "10" };
const bits = (value: bigint) => value.toString();
const roles: Record<string, Role> = {
  "1": { id: "1", name: "@everyone", color: 0, hoist: false, position: 0, permissions: bits(P.ViewChannel | P.SendMessages | P.AttachFiles) },
  "2": { id: "2", name: "Mods", color: 0, hoist: true, position: 2, permissions: bits(P.KickMembers | P.ManageMessages) },
  "3": { id: "3", name: "Guests", color: 0, hoist: false, position: 1, permissions: "0" },
  "4": { id: "4", name: "Admins", color: 0, hoist: false, position: 3, permissions: bits(P.Administrator) },
};
const member = (id: string, roleIds: string[] = [], extra: Partial<Member> = {}): Member => ({ user: { id, username: id, displayName: null, createdAt: "" }, roles: roleIds, ...extra });
const text = (overwrites: Channel["permissionOverwrites"] = []): Channel => ({ id: "50", serverId: "1", type: "text", name: "secret", position: 0, permissionOverwrites: overwrites });

describe("permissions", () => {
  it("adds @everyone and the member's roles; the owner and administrators hold everything", () => {
    const mod = serverPermissions({ server, roles, member: member("20", ["2"]) });
    expect(has(mod, P.KickMembers)).toBe(true);
    expect(has(mod, P.SendMessages)).toBe(true);
    expect(has(mod, P.BanMembers)).toBe(false);
    expect(has(serverPermissions({ server, roles, member: member("10") }), P.BanMembers)).toBe(true);
    expect(has(serverPermissions({ server, roles, member: member("21", ["4"]) }), P.BanMembers)).toBe(true);
    expect(serverPermissions({ server, roles, member: undefined })).toBe(0n);
  });

  it("applies @everyone's overwrite, then the roles', then the member's own, as Discord does", () => {
    const guest = member("30", ["3"]);
    const denyGuests = text([{ id: "3", type: "role", allow: "0", deny: bits(P.ViewChannel) }]);
    expect(channelPermissions({ server, roles, member: guest }, denyGuests)).toBe(0n);
    const hiddenButMe = text([
      { id: "1", type: "role", allow: "0", deny: bits(P.ViewChannel) },
      { id: "30", type: "member", allow: bits(P.ViewChannel), deny: "0" },
    ]);
    expect(has(channelPermissions({ server, roles, member: guest }, hiddenButMe), P.ViewChannel)).toBe(true);
    expect(channelPermissions({ server, roles, member: member("31") }, hiddenButMe)).toBe(0n);
    // Without SEND_MESSAGES, attaching goes too.
    const readOnly = text([{ id: "1", type: "role", allow: "0", deny: bits(P.SendMessages) }]);
    expect(has(channelPermissions({ server, roles, member: guest }, readOnly), P.AttachFiles)).toBe(false);
    expect(has(channelPermissions({ server, roles, member: member("10") }, denyGuests), P.ViewChannel)).toBe(true);
  });

  it("leaves a timed-out member only viewing and reading", () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    const quiet = serverPermissions({ server, roles, member: member("20", ["2"], { timeoutUntil: later }) });
    expect(has(quiet, P.ViewChannel)).toBe(true);
    expect(has(quiet, P.SendMessages)).toBe(false);
    expect(has(quiet, P.KickMembers)).toBe(false);
  });

  it("lets only a higher-ranked member moderate, never the owner or oneself", () => {
    const context = { server, roles, member: member("20", ["2"]) };
    expect(outranks(context, member("30", ["3"]))).toBe(true);
    expect(outranks(context, member("21", ["4"]))).toBe(false);
    expect(outranks(context, member("20", ["2"]))).toBe(false);
    expect(outranks(context, member("10"))).toBe(false);
    expect(outranks({ server, roles, member: member("10") }, member("21", ["4"]))).toBe(true);
  });
});

describe("reordering", () => {
  const channels: Record<string, Channel> = {
    a: { id: "a", serverId: "1", type: "text", name: "a", position: 0 },
    b: { id: "b", serverId: "1", type: "text", name: "b", position: 1 },
    v: { id: "v", serverId: "1", type: "voice", name: "v", position: 2 },
    c1: { id: "c1", serverId: "1", type: "category", name: "C1", position: 0 },
    c2: { id: "c2", serverId: "1", type: "category", name: "C2", position: 1 },
    d: { id: "d", serverId: "1", type: "text", name: "d", position: 0, parentId: "c1" },
  };

  it("swaps a channel with its neighbour of the same kind in the same category", () => {
    expect(moveChannel(channels, "1", "b", -1)).toEqual([{ id: "b", position: 0 }, { id: "a", position: 1 }]);
    expect(moveChannel(channels, "1", "b", 1)).toBeNull(); // the voice channel below is another kind
    expect(moveChannel(channels, "1", "d", -1)).toBeNull();
    expect(moveChannel(channels, "1", "c2", -1)).toEqual([{ id: "c2", position: 0 }, { id: "c1", position: 1 }]);
  });

  it("swaps a role with the next one, never past @everyone", () => {
    expect(moveRole(roles, "1", "3", -1)).toEqual([{ id: "3", position: 2 }, { id: "2", position: 1 }]);
    expect(moveRole(roles, "1", "3", 1)).toBeNull();
    expect(moveRole(roles, "1", "4", -1)).toBeNull();
  });

  it("keeps a bit out of allow and deny at once", () => {
    let overwrite = withOverwriteState(0n, 0n, P.ViewChannel, "deny");
    expect(overwriteState(overwrite.allow, overwrite.deny, P.ViewChannel)).toBe("deny");
    overwrite = withOverwriteState(overwrite.allow, overwrite.deny, P.ViewChannel, "allow");
    expect(overwrite).toEqual({ allow: P.ViewChannel, deny: 0n });
    overwrite = withOverwriteState(overwrite.allow, overwrite.deny, P.ViewChannel, "inherit");
    expect(overwrite).toEqual({ allow: 0n, deny: 0n });
  });
});

import type { Channel, Role, Snowflake } from "../api/types";
import { sidebarTree } from "../store/selectors";

/**
 * The reorder body (`PATCH /servers/{id}/channels`) that moves a channel one place up (-1) or down (+1) among the
 * channels the sidebar shows beside it (categories among categories; text among text, voice among voice, in one
 * category); null when it is already at that end. Every sibling gets its index, so gaps and ties go away too.
 */
export function moveChannel(channels: Record<Snowflake, Channel>, serverId: Snowflake, id: Snowflake, delta: -1 | 1): { id: Snowflake; position: number }[] | null {
  const channel = channels[id];
  if (!channel) return null;
  const sections = sidebarTree(channels, serverId);
  const siblings = channel.type === "category"
    ? sections.flatMap((section) => (section.category ? [section.category] : []))
    : (sections.find((section) => section.channels.some((c) => c.id === id))?.channels ?? []).filter((c) => (c.type === "voice") === (channel.type === "voice"));
  const index = siblings.findIndex((c) => c.id === id);
  const target = index + delta;
  if (index < 0 || target < 0 || target >= siblings.length) return null;
  const order = [...siblings];
  [order[index], order[target]] = [order[target]!, order[index]!];
  return order.map((c, position) => ({ id: c.id, position }));
}

/** Roles from the highest down, @everyone (the server's id) last. */
export function rolesByRank(roles: Record<Snowflake, Role>): Role[] {
  return Object.values(roles).sort((a, b) => b.position - a.position);
}

/** The reorder body (`PATCH /servers/{id}/roles`) that swaps a role with the one above (-1) or below (+1); never past @everyone. */
export function moveRole(roles: Record<Snowflake, Role>, serverId: Snowflake, id: Snowflake, delta: -1 | 1): { id: Snowflake; position: number }[] | null {
  const ranked = rolesByRank(roles).filter((role) => role.id !== serverId);
  const index = ranked.findIndex((role) => role.id === id);
  const other = ranked[index + delta];
  if (index < 0 || !other) return null;
  const role = ranked[index]!;
  return [{ id: role.id, position: other.position }, { id: other.id, position: role.position }];
}

export type OverwriteState = "allow" | "inherit" | "deny";

/** Where a bit stands in an overwrite. */
export function overwriteState(allow: bigint, deny: bigint, bit: bigint): OverwriteState {
  if ((allow & bit) === bit) return "allow";
  if ((deny & bit) === bit) return "deny";
  return "inherit";
}

/** The overwrite after one bit is set to a state; a bit is never both allowed and denied. */
export function withOverwriteState(allow: bigint, deny: bigint, bit: bigint, state: OverwriteState): { allow: bigint; deny: bigint } {
  const nextAllow = state === "allow" ? allow | bit : allow & ~bit;
  const nextDeny = state === "deny" ? deny | bit : deny & ~bit;
  return { allow: nextAllow, deny: nextDeny };
}

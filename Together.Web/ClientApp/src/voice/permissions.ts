import type { Member, Role, Server, Snowflake } from "../api/types";

// Which moderation the member menu offers. Server-level only (owner, @everyone | roles, ADMINISTRATOR): a channel
// overwrite can still refuse, and then the Api's 403 is shown. DESIGN §3's function is the one that decides.

export const Administrator = 1n << 3n;
export const MuteMembers = 1n << 22n;
export const DeafenMembers = 1n << 23n;
export const MoveMembers = 1n << 24n;

export function serverPermissions(server: Server | undefined, roles: Record<Snowflake, Role> | undefined, member: Member | undefined, userId: Snowflake): bigint {
  if (!server) return 0n;
  if (server.ownerId === userId) return ~0n;
  let permissions = BigInt(roles?.[server.id]?.permissions ?? "0");
  for (const roleId of member?.roles ?? []) permissions |= BigInt(roles?.[roleId]?.permissions ?? "0");
  return permissions & Administrator ? ~0n : permissions;
}

export function has(permissions: bigint, flag: bigint): boolean {
  return (permissions & flag) === flag;
}

import type { Channel, Snowflake } from "../api/types";
import { useStore } from "../store/store";
import { channelPermissions, has, outranks, serverPermissions } from "./permissions";

const emptyRoles = {};

/** The signed-in user's permissions in a server (and a channel), recomputed as roles, members and overwrites change. */
export function usePermissions(serverId: Snowflake | null, channel?: Channel) {
  const server = useStore((state) => (serverId ? state.servers[serverId] : undefined));
  const roles = useStore((state) => (serverId ? state.roles[serverId] : undefined) ?? emptyRoles);
  const me = useStore((state) => state.me);
  const member = useStore((state) => (serverId && me ? state.members[serverId]?.[me.id] : undefined));
  if (!server || !me) return { can: () => false, outranks: () => false, bits: 0n };
  // Before the member list loads, the owner still knows who they are.
  const self = member ?? (server.ownerId === me.id ? { user: me, roles: [] } : undefined);
  const context = { server, roles, member: self };
  const bits = channel ? channelPermissions(context, channel) : serverPermissions(context);
  return {
    bits,
    can: (bit: bigint) => has(bits, bit),
    outranks: (target: Parameters<typeof outranks>[1]) => outranks(context, target),
  };
}

import type { Message, Snowflake } from "../api/types";
import type { DataState } from "../store/model";
import { displayName } from "../store/model";

/**
 * Whether a new message deserves a browser notification: someone else's message that mentions the reader (them,
 * one of their roles, or everyone), or any message in a direct message, while the tab is hidden.
 */
export function shouldNotify(state: Pick<DataState, "me" | "channels" | "members">, message: Message, hidden: boolean): boolean {
  const me = state.me;
  if (!hidden || !me || message.author.id === me.id) return false;
  const channel = state.channels[message.channelId];
  if (channel?.type === "dm" || channel?.type === "group_dm") return true;
  if (message.mentionEveryone || (message.mentions ?? []).includes(me.id)) return true;
  const myRoles = channel?.serverId ? state.members[channel.serverId]?.[me.id]?.roles ?? [] : [];
  return (message.mentionRoles ?? []).some((id) => myRoles.includes(id));
}

/** "Alice (#general, Book Club)" and the first line of the message, as the notification shows them. */
export function notificationText(state: Pick<DataState, "channels" | "servers" | "members">, message: Message): { title: string; body: string } {
  const channel = state.channels[message.channelId];
  const serverId: Snowflake | null | undefined = channel?.serverId;
  const member = serverId ? state.members[serverId]?.[message.author.id] : undefined;
  const where = channel?.name ? ` (#${channel.name}${serverId && state.servers[serverId] ? `, ${state.servers[serverId]!.name}` : ""})` : "";
  const body = message.content
    .replace(/<@!?(\d+)>/g, (_, id: string) => {
      const mentioned = serverId ? state.members[serverId]?.[id] : undefined;
      return `@${mentioned ? displayName(mentioned.user, mentioned) : "someone"}`;
    })
    .replace(/<@&(\d+)>/g, "@role")
    .replace(/<#(\d+)>/g, (_, id: string) => `#${state.channels[id]?.name ?? "channel"}`);
  return { title: `${displayName(message.author, member)}${where}`, body: body.length > 200 ? `${body.slice(0, 199)}…` : body };
}

import type { Message, NotificationSetting, Snowflake } from "../api/types";
import type { DataState } from "../store/model";
import { displayName } from "../store/model";

type Settings = DataState["notificationSettings"];

/**
 * What a channel notifies of (docs/api.md "Notification settings"): the channel's own level unless `default`, else
 * its server's, else every message; a mute of the channel or of its server, while it lasts, silences it.
 */
export function effectiveLevel(settings: Settings, channelId: Snowflake, serverId: Snowflake | null | undefined, now: number): "all" | "mentions" | "nothing" {
  const own = settings[`channel:${channelId}`];
  const server = serverId ? settings[`server:${serverId}`] : undefined;
  const muted = (setting: NotificationSetting | undefined) => !!setting?.mutedUntil && new Date(setting.mutedUntil).getTime() > now;
  if (muted(own) || muted(server)) return "nothing";
  if (own && own.level !== "default") return own.level;
  if (server && server.level !== "default") return server.level;
  return "all";
}

/**
 * Whether a new message deserves a browser notification while the tab is hidden: someone else's message in a
 * channel whose level is `all`, or that mentions the reader (them, one of their roles, or everyone) where it is
 * `mentions`.
 */
export function shouldNotify(
  state: Pick<DataState, "me" | "channels" | "members" | "notificationSettings">, message: Message, hidden: boolean, now: number = Date.now(),
): boolean {
  const me = state.me;
  if (!hidden || !me || message.author.id === me.id) return false;
  const channel = state.channels[message.channelId];
  const level = effectiveLevel(state.notificationSettings, message.channelId, channel?.serverId, now);
  if (level !== "mentions") return level === "all";
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
